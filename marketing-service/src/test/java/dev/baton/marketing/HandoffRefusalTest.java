package dev.baton.marketing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.Stage;
import dev.baton.testkit.TestEvents;
import dev.baton.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.baton.marketing.MarketingFixtures.asMarketer;
import static dev.baton.marketing.MarketingFixtures.convert;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * No lead stranded, marketing's side: a refused handoff shows on the lead, and a marketer can ask for it again
 * ({@code handoff-requested}); a lead waiting for a rep stays on its way to sales while the handoff service retries it.
 */
@QuarkusTest
@MarketingTestResource
class HandoffRefusalTest {

    @Test
    void aRefusedHandoffShowsOnTheLeadAndAMarketerAsksForItAgain() {
        String leadId = convert(Map.of("kind", "CONSULTATION", "country", "AT")); // identified #1, qualified #2
        Instant refusedAt = Instant.parse("2026-03-01T10:00:00Z");
        TestEvents.publish(refused(leadId, 3, "NO_CONSENT", false, refusedAt));
        awaitSequence(leadId, 3);
        asMarketer().get("/leads/" + leadId).then().body("handoffPending", equalTo(false))
                .body("owner", equalTo("MARKETING")).body("stage", equalTo("QUALIFIED"))
                .body("handoffRefusal.reasonCode", equalTo("NO_CONSENT"))
                .body("handoffRefusal.refusedAt", equalTo(refusedAt.toString()))
                .body("handoffRefusal.retrying", equalTo(false));

        asMarketer().body(Map.of("reason", "consented on the phone")).post("/leads/" + leadId + "/handoff/retry")
                .then().statusCode(202).body("handoffPending", equalTo(true)).body("sequence", equalTo(4))
                .body("handoffRefusal", nullValue());
        JsonNode requested = MarketingFixtures.lifecycleEvents(leadId, "handoff-requested", 1).get(0);
        assertThat(requested.path("sequence").asLong()).isEqualTo(4);
        assertThat(requested.path("actor").path("id").asText()).isEqualTo("marketer-mia");
        assertThat(requested.path("reason").asText()).as("the marketer's words stay in marketing")
                .isEqualTo("asked again after NO_CONSENT");
        assertThat(requested.path("details").path("previousReasonCode").asText()).isEqualTo("NO_CONSENT");
        assertThat(requested.path("details").path("consent").asBoolean()).isTrue();
        assertThat(requested.path("details").path("country").asText()).isEqualTo("AT");
        // Pending again: neither a second request nor a nurture send until the handoff service answers.
        asMarketer().body(Map.of()).post("/leads/" + leadId + "/handoff/retry").then().statusCode(409)
                .contentType("application/problem+json").body("owner", equalTo("HANDOFF_PENDING"));

        TestEvents.publish(MarketingFixtures.lifecycle(leadId, "handed-off", Stage.QUALIFIED, Stage.QUALIFIED, 5,
                Map.of("repId", "rep-ada", "slaDueAt", Instant.now().plusSeconds(3600).toString(), "policy",
                        "TERRITORY"), "handoff-service"));
        awaitSequence(leadId, 5);
        asMarketer().get("/leads/" + leadId).then().body("owner", equalTo("SALES"))
                .body("handoffPending", equalTo(false)).body("handoffRefusal", nullValue());
    }

    @Test
    void aLeadWaitingForARepStaysOnItsWayToSales() {
        String leadId = convert(Map.of("kind", "CONSULTATION"));
        TestEvents.publish(refused(leadId, 3, "NO_REP_AVAILABLE", true, Instant.now()));
        awaitSequence(leadId, 3);
        asMarketer().get("/leads/" + leadId).then().body("handoffPending", equalTo(true))
                .body("handoffRefusal.reasonCode", equalTo("NO_REP_AVAILABLE"))
                .body("handoffRefusal.retrying", equalTo(true)).body("handoffRefusal.refusedAt", notNullValue());

        // The handoff service holds the baton: marketing neither sends, nor merges, nor asks again meanwhile.
        asMarketer().body(Map.of("kind", "NURTURE")).post("/leads/" + leadId + "/sends").then().statusCode(409)
                .contentType("application/problem+json").body("owner", equalTo("HANDOFF_PENDING"));
        asMarketer().body(Map.of("duplicateLeadId", convert(Map.of()))).post("/leads/" + leadId + "/merge")
                .then().statusCode(409);
        asMarketer().body(Map.of()).post("/leads/" + leadId + "/handoff/retry").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://baton.dev/problems/handoff-waiting"))
                .body("reasonCode", equalTo("NO_REP_AVAILABLE"));
        assertThat(MarketingFixtures.lifecycleEvents(leadId, "handoff-requested", 0)).isEmpty();

        // A rep became free: the handoff service hands it off (#4, the next number after its refusal).
        TestEvents.publish(MarketingFixtures.lifecycle(leadId, "handed-off", Stage.QUALIFIED, Stage.QUALIFIED, 4,
                Map.of("repId", "rep-ada", "slaDueAt", Instant.now().plusSeconds(3600).toString(), "policy",
                        "ROUND_ROBIN", "attempts", 3), "handoff-service"));
        awaitSequence(leadId, 4);
        asMarketer().get("/leads/" + leadId).then().body("owner", equalTo("SALES"))
                .body("handoffPending", equalTo(false)).body("handoffRefusal", nullValue());
    }

    @Test
    void onlyARefusalANewRequestCanChangeIsAskedForAgainAndOnlyByAMarketer() {
        String erased = convert(Map.of("kind", "CONSULTATION"));
        TestEvents.publish(refused(erased, 3, "ERASED", false, Instant.now()));
        awaitSequence(erased, 3);
        asMarketer().body(Map.of()).post("/leads/" + erased + "/handoff/retry").then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo("https://baton.dev/problems/refusal-final"));

        String neverRefused = convert(Map.of());
        asMarketer().body(Map.of()).post("/leads/" + neverRefused + "/handoff/retry").then().statusCode(409)
                .body("type", equalTo("https://baton.dev/problems/no-refused-handoff"));

        String withdrawn = convert(Map.of("kind", "CONSULTATION"));
        TestEvents.publish(refused(withdrawn, 3, "NO_CONSENT", false, Instant.now()));
        awaitSequence(withdrawn, 3);
        asMarketer().body(Map.of("channel", "EMAIL", "granted", false, "source", "unsubscribe link"))
                .put("/leads/" + withdrawn + "/consent").then().statusCode(200);
        asMarketer().body(Map.of()).post("/leads/" + withdrawn + "/handoff/retry").then().statusCode(409)
                .body("type", equalTo("https://baton.dev/problems/no-consent"));

        given().auth().oauth2(TestTokens.token("integration-ivy", "integration")).contentType(ContentType.JSON)
                .body(Map.of()).post("/leads/" + erased + "/handoff/retry").then().statusCode(403);
        asMarketer().body(Map.of()).post("/leads/" + java.util.UUID.randomUUID() + "/handoff/retry").then()
                .statusCode(404).contentType("application/problem+json");
        assertThat(MarketingFixtures.lifecycleEvents(erased, "handoff-requested", 0)).isEmpty();
    }

    private static CloudEvent refused(String leadId, long seq, String code, boolean retrying, Instant at) {
        Map<String, Object> details = retrying
                ? Map.of("refusal", "nobody", "reasonCode", code, "retrying", true, "nextAttemptAt",
                at.plusSeconds(30).toString())
                : Map.of("refusal", "refused", "reasonCode", code, "retrying", false);
        return TestEvents.lifecycleEvent(leadId, "handoff-refused", Stage.QUALIFIED, Stage.QUALIFIED,
                dev.baton.contract.Actor.system("handoff-service"), "test", "test", seq, at, details)
                .toCloudEvent("handoff-service");
    }

    private static void awaitSequence(String leadId, int seq) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asMarketer().get("/leads/" + leadId).then()
                .statusCode(200).body("sequence", equalTo(seq)));
    }
}
