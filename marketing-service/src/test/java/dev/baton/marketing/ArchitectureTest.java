package dev.baton.marketing;

import dev.baton.testkit.ServiceArchitecture;
import org.junit.jupiter.api.Test;

/** The package roles every service follows (see {@link ServiceArchitecture}), on the compiled classes, no boot. */
class ArchitectureTest {

    @Test
    void followsThePackageRoles() {
        ServiceArchitecture.check("dev.baton.marketing");
    }
}
