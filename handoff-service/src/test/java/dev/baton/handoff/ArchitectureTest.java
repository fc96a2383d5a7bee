package dev.baton.handoff;

import dev.baton.testkit.ServiceArchitecture;
import org.junit.jupiter.api.Test;

/** The package roles every Baton service follows, checked on the compiled classes (no application boot). */
class ArchitectureTest {

    @Test
    void followsThePackageRoles() {
        ServiceArchitecture.check("dev.baton.handoff");
    }
}
