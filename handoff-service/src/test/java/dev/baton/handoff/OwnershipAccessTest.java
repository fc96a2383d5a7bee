package dev.baton.handoff;

import dev.baton.contract.Stage;
import dev.baton.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Who may read a lead's ownership: marketing, ops and integrations all; sales people only their own or their team's. */
@QuarkusTest
@HandoffTestResource
class OwnershipAccessTest {

    private static final String OPS = TestTokens.token("ops-olga", "ops");

    @Test
    void onlyTheAssigneeTheirAssistantAndTheirManagerReadAHandedOffLead() {
        String leadId = UUID.randomUUID().toString();
        Events.publish(HandoffConsumersTest.marketingEvent(leadId, "identified", Stage.ANONYMOUS, Stage.KNOWN, 1,
                Map.of("conversionKind", "FORM")));
        Events.publish(HandoffConsumersTest.marketingEvent(leadId, "qualified", Stage.KNOWN, Stage.QUALIFIED, 2,
                Map.of("score", 50, "trigger", "MANUAL")));
        String[] rep = new String[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> rep[0] = given().auth().oauth2(OPS)
                .get("/ownership/" + leadId).then().statusCode(200).body("owner", equalTo("SALES"))
                .extract().path("repId"));
        String assignee = rep[0];
        String other = assignee.equals("rep-ada") ? "rep-grace" : "rep-ada";

        given().auth().oauth2(TestTokens.token(assignee, "sales-rep")).get("/ownership/" + leadId)
                .then().statusCode(200).body("repId", equalTo(assignee));
        given().auth().oauth2(TestTokens.token(other, "sales-rep")).get("/ownership/" + leadId)
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.token(other, "sales-rep")).get("/ownership/" + leadId + "/history")
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.token("manager-barbara", "sales-manager")).get("/ownership/" + leadId)
                .then().statusCode(200);
        given().auth().oauth2(TestTokens.token("assistant-alan", "sales-assistant")).get("/ownership/" + leadId)
                .then().statusCode(assignee.equals("rep-ada") ? 200 : 403);
        given().auth().oauth2(TestTokens.token("marketer-mia", "marketer")).get("/ownership/" + leadId)
                .then().statusCode(200);
        given().auth().oauth2(OPS).get("/ownership/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }
}
