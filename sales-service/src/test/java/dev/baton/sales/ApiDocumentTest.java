package dev.baton.sales;

import dev.baton.testkit.ApiDocumentContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@SalesTestResource
class ApiDocumentTest extends ApiDocumentContract {
}
