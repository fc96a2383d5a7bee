package dev.baton.sales;

import dev.baton.contract.Actor;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Owner;
import dev.baton.contract.Stage;
import dev.baton.testkit.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static dev.baton.sales.SalesFixtures.ADA;
import static dev.baton.sales.SalesFixtures.ALAN;
import static dev.baton.sales.SalesFixtures.BARBARA;
import static dev.baton.sales.SalesFixtures.GRACE;
import static dev.baton.sales.SalesFixtures.LINUS;
import static dev.baton.sales.SalesFixtures.OPS;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Point 8, the boundary from the sales side: a rep acts only on their own opportunities, an assistant only on their
 * reps', a manager on their team's (403 otherwise); no action on a lead sales does not own (409); a reassignment by
 * the handoff service moves the lead to the new rep.
 */
@QuarkusTest
@SalesTestResource
class SalesBoundaryTest {

    @Test
    void aRepIsRefusedOnAnotherRepsOpportunityAndNothingChanges() {
        SalesFixtures.Handoff adas = SalesFixtures.accepted("rep-ada");
        String opportunity = "/opportunities/" + adas.opportunityId();

        given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(Map.of("stage", "RELATIONSHIP"))
                .post(opportunity + "/stage").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(Map.of("type", "CALL"))
                .post(opportunity + "/activities").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(Map.of("outcome", "WON"))
                .post(opportunity + "/close").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(GRACE).get(opportunity + "/activities").then().statusCode(403);
        given().auth().oauth2(GRACE).get(opportunity + "/stages").then().statusCode(403);
        // Another team's manager is refused too.
        given().auth().oauth2(LINUS).contentType(ContentType.JSON).body(Map.of("type", "CALL"))
                .post(opportunity + "/activities").then().statusCode(403);

        given().auth().oauth2(ADA).get(opportunity).then().statusCode(200).body("status", equalTo("OPEN"))
                .body("pipelineStage", equalTo("FOLLOW_UP"));
        given().auth().oauth2(ADA).get(opportunity + "/activities").then().body("$", hasSize(0));
        given().auth().oauth2(ADA).get(opportunity + "/stages").then().body("$", hasSize(0));
    }

    @Test
    void anAssistantActsOnlyForTheRepsTheyAssistAndAManagerForTheirTeam() {
        SalesFixtures.Handoff adas = SalesFixtures.accepted("rep-ada");
        SalesFixtures.Handoff graces = SalesFixtures.accepted("rep-grace");

        given().auth().oauth2(ALAN).contentType(ContentType.JSON).body(Map.of("type", "CALL"))
                .post("/opportunities/" + adas.opportunityId() + "/activities").then().statusCode(201)
                .body("actorId", equalTo("assistant-alan")).body("repId", equalTo("rep-ada"));
        given().auth().oauth2(ALAN).contentType(ContentType.JSON).body(Map.of("type", "CALL"))
                .post("/opportunities/" + graces.opportunityId() + "/activities").then().statusCode(403);
        given().auth().oauth2(BARBARA).contentType(ContentType.JSON).body(Map.of("stage", "RELATIONSHIP"))
                .post("/opportunities/" + graces.opportunityId() + "/stage").then().statusCode(200);
        given().auth().oauth2(GRACE).get("/opportunities/" + graces.opportunityId() + "/stages").then()
                .body("actorId", equalTo(List.of("manager-barbara"))).body("repId", equalTo(List.of("rep-grace")));
    }

    @Test
    void salesRefusesToActOnALeadItNoLongerOwns() {
        SalesFixtures.Handoff adas = SalesFixtures.accepted("rep-ada");
        String opportunity = "/opportunities/" + adas.opportunityId();
        // The handoff service gave the lead back to marketing (e.g. recycled by an operator).
        SalesFixtures.publishOwnership(adas.leadId(), Owner.MARKETING, null, "MARKETING", 4);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(ADA).get(opportunity).then()
                .body("lead.owner", equalTo("MARKETING")));

        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("type", "CALL"))
                .post(opportunity + "/activities").then().statusCode(409).contentType("application/problem+json")
                .body("type", containsString("not-owned"));
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("stage", "RELATIONSHIP"))
                .post(opportunity + "/stage").then().statusCode(409).body("type", containsString("not-owned"));
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("outcome", "WON"))
                .post(opportunity + "/close").then().statusCode(409).body("type", containsString("not-owned"));
        given().auth().oauth2(ADA).get(opportunity).then().body("status", equalTo("OPEN"));
        given().auth().oauth2(ADA).get(opportunity + "/activities").then().body("$", hasSize(0));
    }

    @Test
    void aReassignmentAfterAnSlaBreachMovesTheLeadToTheNewRep() {
        SalesFixtures.Handoff adas = SalesFixtures.handOff("rep-ada", Instant.now().minusSeconds(60));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TestEvents.publish(TestEvents.lifecycleEvent(adas.leadId(), "sla-breached", Stage.QUALIFIED, Stage.QUALIFIED,
                Actor.system("handoff-service"), "no answer in time", "test", 4, now,
                Map.of("repId", "rep-ada", "slaDueAt", now.minusSeconds(60).toString()))
                .toCloudEvent("handoff-service"));
        TestEvents.publish(TestEvents.lifecycleEvent(adas.leadId(), "reassigned", Stage.QUALIFIED, Stage.QUALIFIED,
                Actor.system("handoff-service"), "SLA breached", "test", 5, now,
                Map.of("fromRepId", "rep-ada", "toRepId", "rep-grace", "slaDueAt", now.plusSeconds(3600).toString(),
                        "escalated", false))
                .toCloudEvent("handoff-service"));
        SalesFixtures.publishOwnership(adas.leadId(), "rep-grace", "HANDED_OFF", 3);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(OPS)
                .queryParam("leadId", adas.leadId()).get("/opportunities").then().statusCode(200)
                .body("$", hasSize(2))
                .body("find { it.repId == 'rep-ada' }.status", equalTo("REASSIGNED"))
                .body("find { it.repId == 'rep-grace' }.status", equalTo("AWAITING_RESPONSE"))
                .body("find { it.repId == 'rep-grace' }.lead.repId", equalTo("rep-grace")));

        // The old rep can no longer answer; the new one can, and ada no longer sees the lead's new opportunity.
        given().auth().oauth2(ADA).contentType(ContentType.JSON).post("/opportunities/" + adas.opportunityId() + "/accept")
                .then().statusCode(409).body("opportunityStatus", equalTo("REASSIGNED"));
        given().auth().oauth2(ADA).queryParam("leadId", adas.leadId()).get("/opportunities").then()
                .body("$", hasSize(1)).body("[0].status", equalTo("REASSIGNED"));
        String gracesId = given().auth().oauth2(GRACE).queryParam("leadId", adas.leadId()).get("/opportunities").then()
                .body("$", hasSize(1)).extract().path("[0].opportunityId");
        given().auth().oauth2(GRACE).contentType(ContentType.JSON).post("/opportunities/" + gracesId + "/accept")
                .then().statusCode(202).body("responsePending", equalTo("ACCEPT"));
    }
}
