package dev.baton.launcher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The services' JVM options must not stop a JVM that lacks one of them from starting. */
class ServiceJvmTest {

    @Test
    void nativeHeapTrimmingOnlyOnJvmsThatHaveIt() {
        assertThat(BatonLauncher.trimsNativeHeap(Runtime.Version.parse("17.0.8"))).isFalse();
        assertThat(BatonLauncher.trimsNativeHeap(Runtime.Version.parse("17.0.9"))).isTrue();
        assertThat(BatonLauncher.trimsNativeHeap(Runtime.Version.parse("20.0.2"))).isFalse();
        assertThat(BatonLauncher.trimsNativeHeap(Runtime.Version.parse("21"))).isFalse();
        assertThat(BatonLauncher.trimsNativeHeap(Runtime.Version.parse("21.0.1"))).isTrue();
        assertThat(BatonLauncher.trimsNativeHeap(Runtime.Version.parse("22"))).isTrue();
    }
}
