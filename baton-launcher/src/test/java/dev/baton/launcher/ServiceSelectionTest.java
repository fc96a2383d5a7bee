package dev.baton.launcher;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which services {@code ./baton} starts: all, all but those left out (for dev mode), or none with --infra-only. */
class ServiceSelectionTest {

    @Test
    void allByDefault() {
        assertThat(BatonLauncher.servicesToStart(false, List.of())).isEqualTo(BatonLauncher.SERVICES);
    }

    @Test
    void allButThoseLeftOut() {
        assertThat(BatonLauncher.servicesToStart(false, List.of("marketing-service")))
                .extracting(BatonLauncher.Service::name).containsExactly("handoff-service", "sales-service");
    }

    @Test
    void noneWithInfraOnly() {
        assertThat(BatonLauncher.servicesToStart(true, List.of())).isEmpty();
    }

    @Test
    void anUnknownServiceIsRefused() {
        assertThatThrownBy(() -> BatonLauncher.servicesToStart(false, List.of("marketing")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("marketing-service");
    }
}
