package dev.baton.handoff;

import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Stage;
import dev.baton.testkit.TestEvents;
import dev.baton.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/**
 * No lead stranded: a handoff refused because no rep is available waits for one, retried with backoff, and is handed off
 * as soon as a rep is free. The team of this profile is one rep, rep-wait, who holds at most one open handoff: while
 * they hold one, nobody is available.
 */
@QuarkusTest
@HandoffTestResource
@TestProfile(HandoffRetryTest.OneRepOfCapacityOne.class)
class HandoffRetryTest {

    private static final String REP = TestTokens.token("rep-wait", "sales-rep");

    @Test
    void aLeadNobodyCouldTakeIsHandedOffOnceARepIsFree() {
        String holding = Leads.identified();
        assertThat(Leads.handedOff(holding, Map.of())).isEqualTo("rep-wait");
        String waiting = Leads.identified();
        Leads.qualify(waiting, 2, Map.of("country", "FR"));
        LifecycleEvent refused = refusal(waiting);
        assertThat(TestEvents.facts(refused)).containsEntry("reasonCode", "NO_REP_AVAILABLE").containsEntry("retrying", true)
                .containsKey("nextAttemptAt");

        // rep-wait answers their lead: a slot is free, and the waiting lead takes it without anyone asking.
        accept(holding);
        JsonPath handedOff = Leads.awaitOwnership(waiting, "HANDED_OFF");
        assertThat(handedOff.getString("repId")).isEqualTo("rep-wait");
        assertThat(handedOff.getString("owner")).isEqualTo("SALES");

        List<LifecycleEvent> lifecycle = Leads.lifecycleWith(waiting, "handed-off");
        assertThat(Leads.types(lifecycle)).containsExactly("identified", "qualified", "handoff-refused", "handed-off");
        assertThat(lifecycle).extracting(LifecycleEvent::sequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(TestEvents.facts(lifecycle.get(3))).containsEntry("repId", "rep-wait").containsEntry("country", "FR")
                .containsEntry("waitingSince", refused.occurredAt().toString()).containsKey("attempts")
                .containsKey("slaDueAt");
        assertThat(lifecycle.get(3).causationId()).isEqualTo(refused.causationId());
        assertThat(Leads.history(waiting)).extracting(h -> h.get("kind"), h -> h.get("status")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("CHANGE", "MARKETING"),
                org.assertj.core.groups.Tuple.tuple("STAGE", "MARKETING"),
                org.assertj.core.groups.Tuple.tuple("REFUSAL", "MARKETING"),
                org.assertj.core.groups.Tuple.tuple("CHANGE", "HANDED_OFF"));
        assertThat(waitingLeads().getList("items.leadId")).doesNotContain(waiting);
        accept(waiting);
    }

    @Test
    void opsSeeEveryLeadWaitingForARepWithItsAttemptsAndNextAttempt() {
        String holding = Leads.identified();
        assertThat(Leads.handedOff(holding, Map.of())).isEqualTo("rep-wait");
        String waiting = Leads.identified();
        Instant before = Instant.now();
        Leads.qualify(waiting, 2, Map.of());
        refusal(waiting);

        // Retried with backoff, still nobody: the attempts grow, and no further event is published meanwhile.
        await().atMost(Leads.WAIT).untilAsserted(() -> given().auth().oauth2(Leads.OPS).get("/handoffs/waiting").then()
                .statusCode(200).body("items.find { it.leadId == '" + waiting + "' }.attempts", greaterThanOrEqualTo(3)));
        Map<String, Object> item = waitingLeads().getMap("items.find { it.leadId == '" + waiting + "' }");
        assertThat(item).containsEntry("reasonCode", "NO_REP_AVAILABLE");
        assertThat(Instant.parse((String) item.get("waitingSince"))).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(Instant.parse((String) item.get("nextAttemptAt")))
                .isAfter(Instant.parse((String) item.get("lastAttemptAt")));
        assertThat(waitingGauge()).isGreaterThanOrEqualTo(1);
        assertThat(Leads.types(Leads.lifecycle(waiting, events -> false, Duration.ofSeconds(1))))
                .containsExactly("identified", "qualified", "handoff-refused");
        given().auth().oauth2(Leads.OPS).get("/ownership/" + waiting).then().statusCode(200)
                .body("owner", equalTo("MARKETING")).body("version", equalTo(1));
        // Ops only: the list names leads of every team.
        given().auth().oauth2(TestTokens.token("marketer-mia", "marketer")).get("/handoffs/waiting").then()
                .statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(Leads.OPS).queryParam("limit", 201).get("/handoffs/waiting").then()
                .statusCode(400).contentType("application/problem+json");

        accept(holding);
        Leads.awaitOwnership(waiting, "HANDED_OFF");
        assertThat(waitingLeads().getList("items.leadId")).doesNotContain(waiting);
        accept(waiting);
    }

    @Test
    void aWaitingLeadThatMovesOnNoLongerWaits() {
        String holding = Leads.identified();
        assertThat(Leads.handedOff(holding, Map.of())).isEqualTo("rep-wait");
        String waiting = Leads.identified();
        Leads.qualify(waiting, 2, Map.of());
        refusal(waiting);
        // Marketing asks again (#4) with what it knows now, no consent: refused for that (#5), which ends the wait.
        Events.publish(Leads.marketing(waiting, "handoff-requested", Stage.QUALIFIED, Stage.QUALIFIED, 4,
                Map.of("previousReasonCode", "NO_REP_AVAILABLE", "consent", false)));
        Leads.lifecycle(waiting, events -> events.size() == 5, Leads.WAIT);

        accept(holding);
        // rep-wait is free, but the lead no longer waits: it stays with marketing and leaves the list.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().auth().oauth2(Leads.OPS).get("/ownership/" + waiting).then().statusCode(200)
                        .body("owner", equalTo("MARKETING")));
        assertThat(waitingLeads().getList("items.leadId")).doesNotContain(waiting);
        List<LifecycleEvent> lifecycle = Leads.lifecycle(waiting, events -> false, Duration.ofSeconds(1));
        assertThat(Leads.types(lifecycle)).containsExactly("identified", "qualified", "handoff-refused",
                "handoff-requested", "handoff-refused");
        assertThat(TestEvents.facts(lifecycle.get(4))).containsEntry("reasonCode", "NO_CONSENT");
    }

    @Test
    void aWaitingLeadWhoseConsentIsWithdrawnIsRefusedAndNeverHandedOff() {
        String holding = Leads.identified();
        assertThat(Leads.handedOff(holding, Map.of())).isEqualTo("rep-wait");
        String waiting = Leads.identified();
        Leads.qualify(waiting, 2, Map.of("consent", true, "channels", Map.of("EMAIL", true)));
        refusal(waiting);

        // The person unsubscribes while the lead waits: marketing's consent-changed repeats its last number (#2).
        Events.publish(Leads.marketing(waiting, "consent-changed", Stage.QUALIFIED, Stage.QUALIFIED, 2,
                Map.of("channel", "EMAIL", "granted", false, "source", "unsubscribe-link",
                        "channels", Map.of("EMAIL", false))));
        List<LifecycleEvent> lifecycle = Leads.lifecycle(waiting, events -> events.size() == 5, Leads.WAIT);
        assertThat(Leads.types(lifecycle)).containsExactly("identified", "qualified", "handoff-refused",
                "consent-changed", "handoff-refused");
        assertThat(TestEvents.facts(lifecycle.get(4))).containsEntry("reasonCode", "NO_CONSENT")
                .containsEntry("retrying", false);
        assertThat(lifecycle.get(4).sequence()).isEqualTo(4);
        assertThat(waitingLeads().getList("items.leadId")).doesNotContain(waiting);

        accept(holding);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().auth().oauth2(Leads.OPS).get("/ownership/" + waiting).then().statusCode(200)
                        .body("owner", equalTo("MARKETING")));
    }

    @Test
    void otherRefusalsAreNotRetried() {
        String leadId = Leads.identified();
        Leads.qualify(leadId, 2, Map.of("consent", false));

        assertThat(TestEvents.facts(refusal(leadId))).containsEntry("reasonCode", "NO_CONSENT").containsEntry("retrying", false)
                .doesNotContainKey("nextAttemptAt");
        assertThat(waitingLeads().getList("items.leadId")).doesNotContain(leadId);
    }

    private static void accept(String leadId) {
        given().auth().oauth2(REP).post("/ownership/" + leadId + "/accept").then().statusCode(200)
                .body("status", equalTo("ACCEPTED"));
    }

    private static JsonPath waitingLeads() {
        return given().auth().oauth2(Leads.OPS).queryParam("limit", 200).get("/handoffs/waiting").then()
                .statusCode(200).extract().jsonPath();
    }

    private static double waitingGauge() {
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^baton_handoff_waiting(?:\\{[^}]*})? ([0-9.eE+-]+)$").matcher(metrics);
        assertThat(m.find()).as("baton_handoff_waiting in /q/metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static LifecycleEvent refusal(String leadId) {
        return Leads.lifecycleWith(leadId, "handoff-refused").stream()
                .filter(e -> e.type().shortName().equals("handoff-refused")).findFirst().orElseThrow();
    }

    /** Round robin within team-wait: rep-wait alone, capacity 1; retries from 200 ms, doubling up to 1 s. */
    public static class OneRepOfCapacityOne implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            config.put("baton.handoff.assignment.policy", "ROUND_ROBIN");
            config.put("baton.handoff.assignment.team", "team-wait");
            config.put("baton.team.reps.rep-wait.team", "team-wait");
            config.put("baton.team.reps.rep-wait.capacity", "1");
            config.put("baton.handoff.retry.initial-delay", "PT0.2S");
            config.put("baton.handoff.retry.max-delay", "PT1S");
            config.put("baton.handoff.retry.poll-interval", "PT0.1S");
            return TestOverrides.overriding(config);
        }
    }
}
