package dev.baton.marketing;

import dev.baton.testkit.EndpointSecurityContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@MarketingTestResource
class EndpointSecurityTest extends EndpointSecurityContract {
}
