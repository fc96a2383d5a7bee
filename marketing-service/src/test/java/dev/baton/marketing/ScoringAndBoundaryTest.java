package dev.baton.marketing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contract.Stage;
import dev.baton.contract.Topics;
import dev.baton.testkit.SharedInfrastructure;
import dev.baton.testkit.TestEvents;
import dev.baton.testkit.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.baton.marketing.MarketingFixtures.asMarketer;
import static dev.baton.marketing.MarketingFixtures.convert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/** Scoring qualifies leads; the boundary stops marketing once sales owns one; consent stops every send. */
@QuarkusTest
@MarketingTestResource
class ScoringAndBoundaryTest {

    /** Fit 33: company size 15, role "manager" 8, country FR 10. */
    private static final Map<String, Object> GOOD_FIT = Map.of("companySize", 200, "role", "Sales Manager", "country", "FR");

    @Test
    void engagementThatCrossesTheThresholdWithFitDataQualifiesTheLead() {
        String leadId = convert(GOOD_FIT);
        engage(leadId, "WEBINAR_ATTENDED", Instant.now()); // 33 + 15 = 48
        asMarketer().get("/leads/" + leadId).then().body("stage", equalTo("KNOWN")).body("score", closeTo(48.0, 0.1));
        engage(leadId, "WEBINAR_ATTENDED", Instant.now()); // 33 + 30 = 63 >= 60

        asMarketer().get("/leads/" + leadId).then()
                .body("stage", equalTo("QUALIFIED"))
                .body("handoffPending", equalTo(true))
                .body("scoreParts.fit.role", equalTo(8.0))
                .body("scoreParts.engagement.WEBINAR_ATTENDED.events", equalTo(2))
                .body("scoreParts.engagement.WEBINAR_ATTENDED.capped", equalTo(false));
        JsonNode qualified = MarketingFixtures.lifecycleEvents(leadId, "qualified", 1).get(0);
        assertThat(qualified.path("details").path("trigger").asText()).isEqualTo("SCORE");
        assertThat(qualified.path("details").path("country").asText()).isEqualTo("FR");
        assertThat(qualified.path("details").path("score").asDouble()).isGreaterThanOrEqualTo(60.0);
    }

    @Test
    void oldEngagementDecaysAndDoesNotQualify() {
        String leadId = convert(GOOD_FIT);
        Instant twoHalfLivesAgo = Instant.now().minus(Duration.ofDays(28));
        for (int i = 0; i < 4; i++) {
            engage(leadId, "WEBINAR_ATTENDED", twoHalfLivesAgo); // 4 x 15 / 4 = 15, so 33 + 15 = 48 < 60
        }
        asMarketer().get("/leads/" + leadId).then()
                .body("stage", equalTo("KNOWN"))
                .body("scoreParts.engagement.WEBINAR_ATTENDED.points", closeTo(15.0, 0.1))
                .body("score", closeTo(48.0, 0.1))
                .body("scoreParts.threshold", equalTo(60.0));
    }

    @Test
    void withoutRequiredFitDataEvenAHighScoreWaits() {
        String leadId = convert(Map.of("companySize", 200, "role", "CTO")); // no country
        for (int i = 0; i < 3; i++) {
            engage(leadId, "WEBINAR_ATTENDED", Instant.now());
            engage(leadId, "CONTENT_DOWNLOAD", Instant.now());
        }
        asMarketer().get("/leads/" + leadId).then().body("stage", equalTo("KNOWN"))
                .body("scoreParts.missingFit", hasItems("country"));
    }

    @Test
    void onceSalesOwnsALeadMarketingIsRefusedAndAuditedButEngagementIsStillRecorded() {
        String leadId = convert(Map.of("kind", "CONSULTATION")); // identified #1, qualified #2
        MarketingFixtures.handOff(leadId, 3);

        asMarketer().body(Map.of("kind", "NURTURE")).post("/leads/" + leadId + "/sends")
                .then().statusCode(409).contentType("application/problem+json").body("owner", equalTo("SALES"));
        asMarketer().body(Map.of("kind", "FOLLOW_UP")).post("/leads/" + leadId + "/sends").then().statusCode(409);
        asMarketer().body(Map.of()).post("/leads/" + leadId + "/qualify").then().statusCode(409)
                .body("detail", containsString("owned by sales"));
        engage(leadId, "EMAIL_OPEN", Instant.now());
        asMarketer().get("/leads/" + leadId).then().body("engagementCount", equalTo(1));

        List<JsonNode> blocked = MarketingFixtures.lifecycleEvents(leadId, "marketing-send-blocked", 3);
        assertThat(blocked).extracting(e -> e.path("details").path("sendKind").asText())
                .containsExactlyInAnyOrder("NURTURE", "FOLLOW_UP", "QUALIFY");
        assertThat(blocked).allSatisfy(e -> assertThat(e.path("sequence").asLong()).isEqualTo(3));
    }

    @Test
    void theWindowBeforeTheHandoffReachesMarketingIsClosed() {
        String leadId = convert(Map.of("kind", "CONSULTATION")); // qualified: a handoff is on its way
        asMarketer().body(Map.of("kind", "NURTURE")).post("/leads/" + leadId + "/sends")
                .then().statusCode(409).body("owner", equalTo("HANDOFF_PENDING"));
    }

    @Test
    void retentionNewslettersGoToConsentingCustomersOnlyAndAWithdrawalStopsThemAtOnce() {
        String prospect = convert(Map.of());
        asMarketer().body(Map.of("kind", "RETENTION_NEWSLETTER")).post("/leads/" + prospect + "/sends")
                .then().statusCode(409).body("detail", containsString("not a customer"));
        asMarketer().body(Map.of("kind", "NURTURE")).post("/leads/" + prospect + "/sends").then().statusCode(202);

        String customer = convert(Map.of("kind", "CONSULTATION"));
        MarketingFixtures.handOff(customer, 3);
        TestEvents.publish(MarketingFixtures.lifecycle(customer, "accepted", Stage.QUALIFIED, Stage.QUALIFIED, 4,
                Map.of("repId", "rep-ada"), "handoff-service"));
        TestEvents.publish(MarketingFixtures.lifecycle(customer, "closed", Stage.QUALIFIED, Stage.CLOSED, 5,
                Map.of("outcome", "WON", "amount", 25000, "opportunityId", "o-1", "repId", "rep-ada"), "sales-service"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asMarketer().get("/leads/" + customer).then()
                .body("stage", equalTo("CLOSED")).body("outcome", equalTo("WON")));

        String sendId = asMarketer().body(Map.of("kind", "RETENTION_NEWSLETTER")).post("/leads/" + customer + "/sends")
                .then().statusCode(202).body("topics", hasItems("purchase:large")).extract().path("sendId");
        List<String> published = TopicReader.readUntil(SharedInfrastructure.kafka().bootstrapServers(), Topics.SENDS,
                r -> customer.equals(r.key()), found -> !found.isEmpty(), Duration.ofSeconds(30))
                .stream().map(r -> r.value()).toList();
        assertThat(published).singleElement().asString().contains(sendId, "RETENTION_NEWSLETTER");

        asMarketer().body(Map.of("channel", "EMAIL", "granted", false, "source", "unsubscribe link"))
                .put("/leads/" + customer + "/consent").then().statusCode(200).body("consentToContact", equalTo(false))
                .body("history.source", hasItems("conversion:CONSULTATION", "unsubscribe link"));
        asMarketer().body(Map.of("kind", "RETENTION_NEWSLETTER")).post("/leads/" + customer + "/sends")
                .then().statusCode(409).body("detail", containsString("not consented"));
        assertThat(MarketingFixtures.lifecycleEvents(customer, "consent-changed", 1)).hasSize(1);
    }

    @Test
    void withoutConsentALeadCannotBeQualifiedAgain() {
        String leadId = convert(Map.of());
        asMarketer().body(Map.of("channel", "EMAIL", "granted", false, "source", "phone call"))
                .put("/leads/" + leadId + "/consent").then().statusCode(200);
        asMarketer().body(Map.of()).post("/leads/" + leadId + "/qualify").then().statusCode(409)
                .body("detail", containsString("consented"));
        asMarketer().get("/leads/" + leadId + "/consent").then().statusCode(200)
                .body("history.source", hasItems("conversion:FORM", "phone call"))
                .body("channels.EMAIL.granted", equalTo(false));
    }

    private static void engage(String leadId, String type, Instant at) {
        asMarketer().body(Map.of("eventId", UUID.randomUUID().toString(), "leadId", leadId, "type", type,
                "occurredAt", at.toString())).post("/engagements").then().statusCode(202);
    }
}
