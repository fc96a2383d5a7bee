package dev.baton.marketing;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static dev.baton.marketing.MarketingFixtures.asMarketer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Issue 21, consent that can be proven: every decision keeps its purpose, the text version shown, who recorded it, and
 * the person's client when given; the client never leaves marketing's database.
 */
@QuarkusTest
@MarketingTestResource
class ConsentProofTest {

    @Test
    void aConversionsConsentKeepsTheTextShownAndThePersonsClient() {
        String leadId = asMarketer().body(Map.of("email", "proof-" + UUID.randomUUID() + "@example.com",
                        "kind", "TRIAL", "consent", true, "consentTextVersion", "trial-terms-2026-11",
                        "clientIp", "203.0.113.9", "userAgent", "Mozilla/5.0 (X11)"))
                .post("/conversions").then().statusCode(201).extract().path("leadId");

        asMarketer().get("/leads/" + leadId + "/consent").then().statusCode(200)
                .body("history[0].source", equalTo("conversion:TRIAL"))
                .body("history[0].actorId", equalTo("marketer-mia"))
                .body("history[0].proof.purpose", equalTo("MARKETING_EMAIL"))
                .body("history[0].proof.textVersion", equalTo("trial-terms-2026-11"))
                .body("history[0].proof.clientIp", equalTo("203.0.113.9"))
                .body("history[0].proof.userAgent", equalTo("Mozilla/5.0 (X11)"));
    }

    @Test
    void aWithdrawalKeepsItsPurposeAndClientAndTheEventCarriesNeither() {
        String leadId = asMarketer().body(Map.of("email", "proof-" + UUID.randomUUID() + "@example.com",
                "kind", "FORM", "consent", true)).post("/conversions").then().statusCode(201).extract().path("leadId");

        asMarketer().body(Map.of("channel", "PHONE", "granted", false, "source", "preference centre",
                        "textVersion", "prefs-v3", "clientIp", "198.51.100.23", "userAgent", "Safari/17"))
                .put("/leads/" + leadId + "/consent").then().statusCode(200)
                .body("history[1].channel", equalTo("PHONE"))
                .body("history[1].proof.purpose", equalTo("SALES_CONTACT"))
                .body("history[1].proof.textVersion", equalTo("prefs-v3"))
                .body("history[1].proof.clientIp", equalTo("198.51.100.23"))
                .body("history[1].onBehalfOf", nullValue());

        JsonNode event = MarketingFixtures.lifecycleEvents(leadId, "consent-changed", 1).get(0);
        assertThat(event.path("details").path("channel").asText()).isEqualTo("PHONE");
        assertThat(event.toString()).doesNotContain("198.51.100.23").doesNotContain("Safari/17");
    }

    @Test
    void aClientAddressThatIsNotOneIsRefusedAndChangesNothing() {
        String leadId = asMarketer().body(Map.of("email", "proof-" + UUID.randomUUID() + "@example.com",
                "kind", "FORM", "consent", true)).post("/conversions").then().statusCode(201).extract().path("leadId");

        asMarketer().body(Map.of("channel", "EMAIL", "granted", false, "source", "form",
                        "clientIp", "<script>alert(1)</script>"))
                .put("/leads/" + leadId + "/consent").then().statusCode(422).contentType("application/problem+json");
        asMarketer().body(Map.of("channel", "EMAIL", "granted", false, "source", "form", "purpose", "SPAM"))
                .put("/leads/" + leadId + "/consent").then().statusCode(400).contentType("application/problem+json");
        asMarketer().get("/leads/" + leadId + "/consent").then().body("channels.EMAIL.granted", equalTo(true))
                .body("history.size()", equalTo(1));
    }
}
