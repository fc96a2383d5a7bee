package dev.baton.sales;

import dev.baton.testkit.EndpointSecurityContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@SalesTestResource
class EndpointSecurityTest extends EndpointSecurityContract {
}
