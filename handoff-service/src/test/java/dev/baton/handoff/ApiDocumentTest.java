package dev.baton.handoff;

import dev.baton.testkit.ApiDocumentContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@HandoffTestResource
class ApiDocumentTest extends ApiDocumentContract {
}
