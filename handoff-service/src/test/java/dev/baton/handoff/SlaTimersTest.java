package dev.baton.handoff;

import dev.baton.contract.Actor;
import dev.baton.contract.LifecycleEvent;
import dev.baton.testkit.TestEvents;
import dev.baton.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/**
 * The handoff SLA with a window of 4 s (at risk at 2 s), round robin within team-sla (rep-sla-1, rep-sla-2,
 * manager-sla), one reassignment before escalation.
 */
@QuarkusTest
@HandoffTestResource
@TestProfile(SlaProfiles.ShortWindow.class)
class SlaTimersTest {

    static final List<String> TEAM = List.of("rep-sla-1", "rep-sla-2");

    @Test
    void theAssigneeIsWarnedHalfWayAndAnAcceptanceInTimeStopsTheClock() {
        String leadId = Leads.identified();
        String rep = Leads.handedOff(leadId, Map.of());
        assertThat(rep).isIn(TEAM);

        List<LifecycleEvent> lifecycle = Leads.lifecycleWith(leadId, "sla-at-risk");
        LifecycleEvent handedOff = only(lifecycle, "handed-off");
        LifecycleEvent atRisk = only(lifecycle, "sla-at-risk");
        assertThat(atRisk.sequence()).as("audit-only: repeats the handoff's number").isEqualTo(handedOff.sequence());
        assertThat(TestEvents.facts(atRisk)).containsEntry("repId", rep)
                .containsEntry("slaDueAt", TestEvents.facts(handedOff).get("slaDueAt"));
        assertThat(Duration.between(handedOff.occurredAt(), atRisk.occurredAt())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));

        given().auth().oauth2(TestTokens.token(rep, "sales-rep")).post("/ownership/" + leadId + "/accept")
                .then().statusCode(200).body("status", equalTo("ACCEPTED"));
        Instant due = Instant.parse((String) TestEvents.facts(handedOff).get("slaDueAt"));
        // Well past the end of the window, it is still accepted and no breach was ever published.
        await().during(Duration.between(Instant.now(), due.plusSeconds(1)).abs()).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> given().auth().oauth2(Leads.OPS).get("/ownership/" + leadId).then()
                        .body("status", equalTo("ACCEPTED")).body("repId", equalTo(rep)));
        assertThat(Leads.types(Leads.lifecycle(leadId, events -> false, Duration.ofSeconds(1))))
                .containsExactly("identified", "qualified", "handed-off", "sla-at-risk", "accepted");
    }

    @Test
    void aBreachReassignsTheLeadToTheNextRepThenEscalatesItToTheManager() {
        String leadId = Leads.identified();
        String first = Leads.handedOff(leadId, Map.of());
        String second = TEAM.get(0).equals(first) ? TEAM.get(1) : TEAM.get(0);

        // First breach: round robin gives it to the other rep of the team, with a new window.
        JsonPath reassigned = Leads.awaitOwnershipOf(leadId, second);
        assertThat(reassigned.getString("status")).isEqualTo("HANDED_OFF");
        assertThat(reassigned.getInt("version")).isEqualTo(3);
        // The first rep answers too late: refused, audited, nothing changes.
        Leads.salesResponse(leadId, "ACCEPT", null, first, Actor.user(first));

        // Second breach: no reassignment left, the team's manager gets it.
        JsonPath escalated = Leads.awaitOwnership(leadId, "ESCALATED");
        assertThat(escalated.getString("repId")).isEqualTo("manager-sla");
        assertThat(escalated.getString("owner")).isEqualTo("SALES");
        assertThat(escalated.getString("slaDueAt")).isNull();

        List<LifecycleEvent> lifecycle = Leads.lifecycle(leadId,
                events -> events.stream().filter(e -> e.type().shortName().equals("reassigned")).count() == 2, Leads.WAIT);
        assertThat(Leads.types(lifecycle)).containsExactly("identified", "qualified", "handed-off", "sla-at-risk",
                "sla-breached", "reassigned", "sla-at-risk", "sla-breached", "reassigned");
        assertThat(lifecycle).extracting(LifecycleEvent::sequence).containsExactly(1L, 2L, 3L, 3L, 4L, 5L, 5L, 6L, 7L);
        assertThat(TestEvents.facts(lifecycle.get(4))).containsEntry("repId", first)
                .containsEntry("slaDueAt", TestEvents.facts(lifecycle.get(2)).get("slaDueAt"));
        assertThat(TestEvents.facts(lifecycle.get(5))).containsEntry("fromRepId", first).containsEntry("toRepId", second)
                .containsEntry("escalated", false).containsEntry("teamId", "team-sla");
        assertThat(TestEvents.facts(lifecycle.get(7))).containsEntry("repId", second);
        assertThat(TestEvents.facts(lifecycle.get(8))).containsEntry("fromRepId", second).containsEntry("toRepId", "manager-sla")
                .containsEntry("escalated", true);

        await().atMost(Leads.WAIT).untilAsserted(() -> given().auth().oauth2(Leads.OPS)
                .get("/ownership/" + leadId + "/history").then().statusCode(200)
                .body("findAll { it.kind == 'CHANGE' }.status",
                        contains("MARKETING", "HANDED_OFF", "HANDED_OFF", "ESCALATED"))
                .body("findAll { it.kind == 'CHANGE' }.repId", contains(null, first, second, "manager-sla"))
                .body("findAll { it.kind == 'REFUSAL' }.actorId", contains(first)));

        // The manager sees the lead escalated to them, and takes it.
        given().auth().oauth2(TestTokens.token("manager-sla", "sales-manager")).get("/ownership/" + leadId)
                .then().statusCode(200).body("status", equalTo("ESCALATED"));
        given().auth().oauth2(TestTokens.token("manager-sla", "sales-manager")).post("/ownership/" + leadId + "/accept")
                .then().statusCode(200).body("status", equalTo("ACCEPTED")).body("repId", equalTo("manager-sla"));
    }

    static LifecycleEvent only(List<LifecycleEvent> events, String type) {
        List<LifecycleEvent> matching = events.stream().filter(e -> e.type().shortName().equals(type)).toList();
        assertThat(matching).as("%s events", type).hasSize(1);
        return matching.get(0);
    }
}
