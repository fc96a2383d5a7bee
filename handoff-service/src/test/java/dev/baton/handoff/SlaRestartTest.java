package dev.baton.handoff;

import dev.baton.contract.LifecycleEvent;
import dev.baton.handoff.sla.SlaTimers;
import dev.baton.testkit.TestEvents;
import dev.baton.testkit.TestTokens;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * SLA timers live in the database, not in the instance: a lead is handed off with a 20 s window and warned at risk
 * after 3 s, then the timers stop as at a shutdown, the window ends while none runs, and they start again as at a
 * start. The persisted timer is neither lost (the breach comes, at the original due time) nor doubled (one at-risk
 * warning, one breach). One class, so it passes alone and in any order.
 */
@QuarkusTest
@HandoffTestResource
@TestProfile(SlaProfiles.LongWindow.class)
class SlaRestartTest {

    @Inject
    SlaTimers timers;

    @AfterEach
    void timersRunAgain() {
        timers.stop(new ShutdownEvent()); // idempotent: never two pollers
        timers.start(new StartupEvent());
    }

    @Test
    void aWindowThatEndsWhileNoTimerRunsIsBreachedOnceAtTheNextStart() {
        String leadId = Leads.identified();
        String rep = Leads.handedOff(leadId, Map.of());
        assertThat(rep).isIn(SlaTimersTest.TEAM);
        List<LifecycleEvent> warned = Leads.lifecycleWith(leadId, "sla-at-risk");
        assertThat(Leads.types(warned)).containsExactly("identified", "qualified", "handed-off", "sla-at-risk");
        Instant due = Instant.parse((String) TestEvents.facts(SlaTimersTest.only(warned, "handed-off")).get("slaDueAt"));

        timers.stop(new ShutdownEvent());
        assertThat(Duration.between(Instant.now(), due)).as("time left in the window when the timers stop")
                .isPositive();
        // Until well past the end of the window, nothing fires: no instance runs the timers.
        await().during(Duration.between(Instant.now(), due.plusSeconds(1))).atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().auth().oauth2(Leads.OPS).get("/ownership/" + leadId).then()
                        .statusCode(200).body("status", equalTo("HANDED_OFF")).body("repId", equalTo(rep)));

        timers.start(new StartupEvent());
        List<LifecycleEvent> lifecycle = Leads.lifecycle(leadId,
                events -> events.stream().anyMatch(e -> e.type().shortName().equals("reassigned")), Duration.ofSeconds(30));
        assertThat(Leads.types(lifecycle)).containsExactly("identified", "qualified", "handed-off", "sla-at-risk",
                "sla-breached", "reassigned");
        LifecycleEvent breached = SlaTimersTest.only(lifecycle, "sla-breached");
        assertThat(TestEvents.facts(breached)).containsEntry("repId", rep).containsEntry("slaDueAt", due.toString());
        assertThat(breached.occurredAt()).isAfterOrEqualTo(due.plusSeconds(1));
        assertThat(breached.sequence()).isEqualTo(4);
        String next = (String) TestEvents.facts(lifecycle.get(5)).get("toRepId");
        assertThat(next).isIn(SlaTimersTest.TEAM).isNotEqualTo(rep);

        // The new assignee accepts in time: the lead is settled, with one breach on record.
        given().auth().oauth2(TestTokens.token(next, "sales-rep")).post("/ownership/" + leadId + "/accept")
                .then().statusCode(200).body("status", equalTo("ACCEPTED"));
        List<LifecycleEvent> settled = Leads.lifecycleWith(leadId, "accepted");
        assertThat(Leads.types(settled)).filteredOn(type -> !type.equals("sla-at-risk")).containsExactly("identified",
                "qualified", "handed-off", "sla-breached", "reassigned", "accepted");
        assertThat(settled).filteredOn(e -> e.type().shortName().equals("sla-at-risk"))
                .filteredOn(e -> due.toString().equals(TestEvents.facts(e).get("slaDueAt")))
                .as("one at-risk warning for the window the stop fell in").hasSize(1);
    }
}
