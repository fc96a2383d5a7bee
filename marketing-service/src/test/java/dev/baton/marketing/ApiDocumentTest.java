package dev.baton.marketing;

import dev.baton.testkit.ApiDocumentContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@MarketingTestResource
class ApiDocumentTest extends ApiDocumentContract {
}
