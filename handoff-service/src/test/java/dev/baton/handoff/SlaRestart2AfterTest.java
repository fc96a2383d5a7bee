package dev.baton.handoff;

import dev.baton.contract.LifecycleEvent;
import dev.baton.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Part 2 of the restart test, in a service restarted (another profile) while the lead of {@link SlaRestart1BeforeTest}
 * was in the middle of its window: the persisted timer is neither lost (the breach comes, at the original due time)
 * nor doubled (one at-risk warning, sent before the restart; one breach).
 */
@QuarkusTest
@HandoffTestResource
@TestProfile(SlaProfiles.ShortWindow.class)
class SlaRestart2AfterTest {

    @Test
    void aRestartInTheMiddleOfTheWindowNeitherLosesNorDoublesTheBreach() {
        String leadId = SlaRestart.LEAD_ID;
        JsonPath before = given().auth().oauth2(Leads.OPS).get("/ownership/" + leadId).then()
                .statusCode(200).extract().jsonPath(); // 404 here: run SlaRestart1BeforeTest first (mvn test does)
        Instant due = Instant.parse(before.getString("slaDueAt"));
        String rep = before.getString("repId");
        assertThat(before.getString("status")).as("still waiting when the restarted service is up").isEqualTo("HANDED_OFF");
        assertThat(Leads.types(Leads.lifecycle(leadId, events -> false, Duration.ofMillis(500))))
                .as("the restart happened in the middle of the window").doesNotContain("sla-breached");

        List<LifecycleEvent> lifecycle = Leads.lifecycle(leadId,
                events -> events.stream().anyMatch(e -> e.type().equals("reassigned")), Duration.ofSeconds(60));
        assertThat(Leads.types(lifecycle)).containsExactly("identified", "qualified", "handed-off", "sla-at-risk",
                "sla-breached", "reassigned");
        LifecycleEvent breached = SlaTimersTest.only(lifecycle, "sla-breached");
        assertThat(breached.details()).containsEntry("repId", rep).containsEntry("slaDueAt", due.toString());
        assertThat(breached.occurredAt()).isAfterOrEqualTo(due);
        assertThat(breached.sequence()).isEqualTo(4);
        String next = (String) lifecycle.get(5).details().get("toRepId");
        assertThat(next).isIn(SlaTimersTest.TEAM).isNotEqualTo(rep);

        // The new assignee accepts in time: the lead is settled, with one breach on record.
        given().auth().oauth2(TestTokens.token(next, "sales-rep")).post("/ownership/" + leadId + "/accept")
                .then().statusCode(200).body("status", equalTo("ACCEPTED"));
        List<LifecycleEvent> settled = Leads.lifecycleWith(leadId, "accepted");
        assertThat(Leads.types(settled)).filteredOn(type -> !type.equals("sla-at-risk")).containsExactly("identified",
                "qualified", "handed-off", "sla-breached", "reassigned", "accepted");
        assertThat(settled).filteredOn(e -> e.type().equals("sla-at-risk"))
                .filteredOn(e -> due.toString().equals(e.details().get("slaDueAt")))
                .as("one at-risk warning for the window the restart fell in").hasSize(1);
    }
}
