package dev.baton.handoff;

import dev.baton.contract.LifecycleEvent;
import dev.baton.testkit.TestEvents;
import dev.baton.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

/**
 * Issue 22, managers reassign: a lead sales is working on moves to another rep of the manager's team, audited, with a
 * fresh SLA; everyone else is refused and nothing changes.
 */
@QuarkusTest
@HandoffTestResource
class ReassignTest {

    private static final String BARBARA = TestTokens.token("manager-barbara", "sales-manager");
    private static final String LINUS = TestTokens.token("manager-linus", "sales-manager");

    @Test
    void aManagerMovesALeadToAnotherRepOfTheTeamWhoGetsAFreshSla() {
        String leadId = Leads.identified();
        assertThat(Leads.handedOff(leadId, Map.of("country", "fr"))).isEqualTo("rep-amelie");
        Instant before = Instant.parse(Leads.ownership(leadId).getString("slaDueAt"));

        JsonPath moved = reassign(BARBARA, leadId, "rep-dieter", "Amélie is on leave").then().statusCode(202)
                .body("repId", equalTo("rep-dieter")).body("status", equalTo("HANDED_OFF"))
                .body("owner", equalTo("SALES")).extract().jsonPath();
        assertThat(Instant.parse(moved.getString("slaDueAt"))).isAfter(before);

        List<LifecycleEvent> lifecycle = Leads.lifecycleWith(leadId, "reassigned");
        LifecycleEvent reassigned = lifecycle.get(lifecycle.size() - 1);
        assertThat(reassigned.sequence()).isEqualTo(4);
        assertThat(reassigned.actor().id()).isEqualTo("manager-barbara");
        assertThat(reassigned.reason()).as("the manager's words stay off the topic").isEqualTo("reassigned by a manager");
        assertThat(TestEvents.facts(reassigned)).containsEntry("fromRepId", "rep-amelie")
                .containsEntry("toRepId", "rep-dieter").containsEntry("policy", "MANUAL")
                .containsEntry("escalated", false);
        List<Map<String, Object>> history = Leads.history(leadId);
        assertThat(history.get(history.size() - 2)).containsEntry("kind", "CHANGE").containsEntry("repId", "rep-dieter")
                .containsEntry("actorId", "manager-barbara");
        assertThat(history.get(history.size() - 1)).as("the reason, in the history only").containsEntry("kind", "NOTE")
                .containsEntry("reason", "Amélie is on leave").containsEntry("actorId", "manager-barbara");

        // The new rep answers the handoff; the old one no longer may.
        given().auth().oauth2(TestTokens.token("rep-amelie", "sales-rep")).post("/ownership/" + leadId + "/accept")
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.token("rep-dieter", "sales-rep")).post("/ownership/" + leadId + "/accept")
                .then().statusCode(200).body("status", equalTo("ACCEPTED"));
        // Ops moves accepted work too.
        reassign(Leads.OPS, leadId, "rep-amelie", "back from leave").then().statusCode(202)
                .body("repId", equalTo("rep-amelie")).body("status", equalTo("HANDED_OFF"));
    }

    @Test
    void whoMayNotMoveItOrWhereItCannotGoIsRefusedAndNothingChanges() {
        String leadId = Leads.identified();
        assertThat(Leads.handedOff(leadId, Map.of("country", "fr"))).isEqualTo("rep-amelie");

        reassign(LINUS, leadId, "rep-hopper", "not his team").then().statusCode(403)
                .contentType("application/problem+json");
        reassign(BARBARA, leadId, "rep-hopper", "another team's rep").then().statusCode(403);
        given().auth().oauth2(TestTokens.token("rep-amelie", "sales-rep")).contentType(ContentType.JSON)
                .body(Map.of("repId", "rep-dieter", "reason", "x")).post("/ownership/" + leadId + "/reassign")
                .then().statusCode(403);
        reassign(BARBARA, leadId, "rep-nobody", "x").then().statusCode(422).body("type", endsWith("unknown-rep"));
        reassign(BARBARA, leadId, "rep-amelie", "x").then().statusCode(409).body("type", endsWith("already-assigned"));
        given().auth().oauth2(BARBARA).contentType(ContentType.JSON).body(Map.of("repId", "rep-dieter"))
                .post("/ownership/" + leadId + "/reassign").then().statusCode(400)
                .contentType("application/problem+json");
        reassign(BARBARA, UUID.randomUUID().toString(), "rep-dieter", "x").then().statusCode(404);
        String marketings = Leads.identified();
        Leads.awaitOwnership(marketings, "MARKETING");
        reassign(Leads.OPS, marketings, "rep-dieter", "x").then().statusCode(409).body("type", endsWith("not-sales-work"));

        JsonPath after = Leads.ownership(leadId);
        assertThat(after.getString("repId")).isEqualTo("rep-amelie");
        assertThat(after.getInt("version")).isEqualTo(2);
    }

    private static io.restassured.response.Response reassign(String token, String leadId, String repId, String reason) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("repId", repId, "reason", reason))
                .post("/ownership/" + leadId + "/reassign");
    }
}
