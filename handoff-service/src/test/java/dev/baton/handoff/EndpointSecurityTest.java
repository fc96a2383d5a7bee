package dev.baton.handoff;

import dev.baton.testkit.EndpointSecurityContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@HandoffTestResource
class EndpointSecurityTest extends EndpointSecurityContract {
}
