package dev.baton.handoff;

import dev.baton.contract.CloudEvent;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Stage;
import dev.baton.contract.Topics;
import dev.baton.platform.consumer.DeadLetters;
import dev.baton.testkit.TestEvents;
import dev.baton.testkit.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * A qualified lead is handed off only when it is known, contactable, consented and not already with sales; otherwise
 * the handoff is refused with an audited {@code handoff-refused} event and reason, and ownership stays as it was.
 */
@QuarkusTest
@HandoffTestResource
class HandoffValidationTest {

    @Test
    void aLeadWithoutConsentToBeContactedStaysWithMarketing() {
        String leadId = Leads.identified();
        Leads.qualify(leadId, 2, Map.of("consent", false));

        LifecycleEvent refused = refusal(leadId);
        assertThat(TestEvents.facts(refused)).containsEntry("reasonCode", "NO_CONSENT");
        assertThat(refused.sequence()).isEqualTo(3);
        assertUnchangedMarketingLead(leadId);
        assertThat(Leads.history(leadId)).extracting(h -> h.get("kind"), h -> h.get("actorId")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("CHANGE", "marketer-mia"),
                org.assertj.core.groups.Tuple.tuple("STAGE", "marketer-mia"),
                org.assertj.core.groups.Tuple.tuple("REFUSAL", "handoff-service"));
        assertThat((String) Leads.history(leadId).get(2).get("reason")).contains("not consented");
    }

    @Test
    void aLeadMarketingNeverIdentifiedIsRefused() {
        String leadId = java.util.UUID.randomUUID().toString();
        Leads.qualify(leadId, 2, Map.of());

        assertThat(TestEvents.facts(refusal(leadId))).containsEntry("reasonCode", "LEAD_UNKNOWN");
        given().auth().oauth2(Leads.OPS).get("/ownership/" + leadId).then().statusCode(200)
                .body("owner", equalTo("MARKETING")).body("repId", equalTo(null));
    }

    @Test
    void aLeadSalesAlreadyOwnsIsNotHandedOffAgain() {
        String leadId = Leads.identified();
        String rep = Leads.handedOff(leadId, Map.of());
        Leads.qualify(leadId, 4, Map.of()); // marketing qualifies it again, after the handoff (#3)

        LifecycleEvent refused = refusal(leadId);
        assertThat(TestEvents.facts(refused)).containsEntry("reasonCode", "ALREADY_OWNED_BY_SALES");
        assertThat(refused.sequence()).isEqualTo(5);
        JsonPath ownership = Leads.ownership(leadId);
        assertThat(ownership.getString("repId")).isEqualTo(rep);
        assertThat(ownership.getString("status")).isEqualTo("HANDED_OFF");
        assertThat(ownership.getInt("version")).isEqualTo(2);
    }

    @Test
    void aMalformedQualifiedEventIsDeadLetteredAndNothingIsAssigned() {
        String leadId = Leads.identified();
        // No score, and a trigger the schema does not know.
        CloudEvent malformed = Leads.marketing(leadId, "qualified", Stage.KNOWN, Stage.QUALIFIED, 2,
                Map.of("trigger", "GUT_FEELING"));
        Events.publish(malformed);
        // A qualified event whose lead id is not a UUID.
        CloudEvent notALead = Leads.marketing("lead-42", "qualified", Stage.KNOWN, Stage.QUALIFIED, 2,
                Map.of("score", 90, "trigger", "SCORE"));
        Events.publish(notALead);

        List<ConsumerRecord<String, String>> dead = TopicReader.readUntil(
                HandoffInfrastructure.bootstrapServers(), Topics.deadLetter("handoff-service"),
                r -> leadId.equals(r.key()) || "lead-42".equals(r.key()), found -> found.size() >= 2,
                Duration.ofSeconds(30));
        assertThat(dead).extracting(r -> TopicReader.header(r, DeadLetters.ERROR)).satisfiesExactlyInAnyOrder(
                e -> assertThat(e).contains("does not match"),
                e -> assertThat(e).contains("is not a lead id"));
        assertUnchangedMarketingLead(leadId);
        assertThat(Leads.types(Leads.lifecycle(leadId, events -> false, Duration.ofSeconds(2))))
                .containsExactly("identified", "qualified");
    }

    private static LifecycleEvent refusal(String leadId) {
        return Leads.lifecycleWith(leadId, "handoff-refused").stream()
                .filter(e -> e.type().shortName().equals("handoff-refused")).findFirst().orElseThrow();
    }

    private static void assertUnchangedMarketingLead(String leadId) {
        await().atMost(Leads.WAIT).untilAsserted(() -> given().auth().oauth2(Leads.OPS).get("/ownership/" + leadId)
                .then().statusCode(200).body("owner", equalTo("MARKETING")).body("status", equalTo("MARKETING"))
                .body("version", equalTo(1)).body("repId", equalTo(null)));
    }
}
