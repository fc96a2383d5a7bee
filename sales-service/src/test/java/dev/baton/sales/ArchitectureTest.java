package dev.baton.sales;

import dev.baton.testkit.ServiceArchitecture;
import org.junit.jupiter.api.Test;

/** The package roles every Baton service follows (api, service, domain, persistence, messaging), on compiled classes. */
class ArchitectureTest {

    @Test
    void followsThePackageRoles() {
        ServiceArchitecture.check("dev.baton.sales");
    }
}
