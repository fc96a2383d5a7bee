package dev.baton.marketing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static dev.baton.marketing.MarketingFixtures.asMarketer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyIterable;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * Issue 21, double opt-in: a newsletter signup's consent counts only once the person confirms it with their token, and
 * the person's confirmation is the one way back to a channel they withdrew.
 */
@QuarkusTest
@MarketingTestResource
class DoubleOptInTest {

    @Test
    void aNewsletterSignupSendsNothingUntilThePersonConfirms() {
        var converted = asMarketer().body(Map.of("email", "news-" + UUID.randomUUID() + "@example.com",
                        "kind", "NEWSLETTER", "consent", true)).post("/conversions")
                .then().statusCode(201).body("confirmation.channel", equalTo("EMAIL"))
                .body("confirmation.expiresAt", notNullValue()).extract();
        String leadId = converted.path("leadId");
        String token = converted.path("confirmation.token");

        asMarketer().get("/leads/" + leadId + "/consent").then().statusCode(200)
                .body("consentToContact", equalTo(false)).body("channels.EMAIL", nullValue())
                .body("pending", hasSize(1)).body("pending[0].source", equalTo("conversion:NEWSLETTER"));
        asMarketer().body(Map.of("kind", "NURTURE")).post("/leads/" + leadId + "/sends").then().statusCode(409)
                .body("detail", containsString("not consented"));

        asMarketer().body(Map.of("token", token, "clientIp", "2001:db8::7", "userAgent", "Mail/16.0"))
                .post("/consents/confirm").then().statusCode(200).body("leadId", equalTo(leadId))
                .body("channels.EMAIL.granted", equalTo(true))
                .body("history[0].proof.purpose", equalTo("NEWSLETTER"))
                .body("history[0].proof.clientIp", equalTo("2001:db8::7"))
                .body("history[0].proof.userAgent", equalTo("Mail/16.0"))
                .body("channels.EMAIL.source", equalTo("confirmed:conversion:NEWSLETTER"))
                .body("pending", emptyIterable());
        asMarketer().body(Map.of("kind", "NURTURE")).post("/leads/" + leadId + "/sends").then().statusCode(202);

        // The same link clicked again: nothing changes, and one consent-changed only.
        confirm(token).then().statusCode(200).body("history", hasSize(1));
        JsonNode granted = MarketingFixtures.lifecycleEvents(leadId, "consent-changed", 1).get(0);
        assertThat(granted.path("details").path("source").asText()).isEqualTo("confirmed:conversion:NEWSLETTER");
        assertThat(granted.path("details").path("channels").toString()).isEqualTo("{\"EMAIL\":true}");
        assertThat(granted.toString()).as("the client is personal data: never on a topic")
                .doesNotContain("2001:db8::7").doesNotContain("Mail/16.0");
    }

    @Test
    void thePersonsConfirmationIsTheOneWayBackToAWithdrawnChannel() {
        String leadId = asMarketer().body(Map.of("email", "back-" + UUID.randomUUID() + "@example.com",
                "kind", "FORM", "consent", true)).post("/conversions").then().statusCode(201).extract().path("leadId");
        asMarketer().body(Map.of("channel", "EMAIL", "granted", false, "source", "unsubscribe link"))
                .put("/leads/" + leadId + "/consent").then().statusCode(200);
        asMarketer().body(Map.of("channel", "EMAIL", "granted", true, "source", "marketer"))
                .put("/leads/" + leadId + "/consent").then().statusCode(409);

        String token = asMarketer().body(Map.of("channel", "EMAIL", "source", "preference centre",
                        "textVersion", "prefs-v3"))
                .post("/leads/" + leadId + "/consent/confirmations").then().statusCode(201)
                .body("leadId", equalTo(leadId)).extract().path("token");
        asMarketer().get("/leads/" + leadId + "/consent").then().body("channels.EMAIL.granted", equalTo(false));

        confirm(token).then().statusCode(200).body("channels.EMAIL.granted", equalTo(true))
                .body("channels.EMAIL.source", equalTo("confirmed:preference centre"))
                .body("history[2].proof.textVersion", equalTo("prefs-v3"))
                .body("history[2].proof.purpose", equalTo("MARKETING_EMAIL"));
        // Granted now: nothing left to confirm.
        asMarketer().body(Map.of("channel", "EMAIL", "source", "again"))
                .post("/leads/" + leadId + "/consent/confirmations").then().statusCode(409)
                .contentType("application/problem+json").body("type", endsWith("consent-granted"));
    }

    @Test
    void anUnknownOrMalformedTokenOrLeadIsAProblemAndChangesNothing() {
        confirm(ConsentTokens.unknown()).then().statusCode(404).contentType("application/problem+json");
        asMarketer().body(Map.of("token", " ")).post("/consents/confirm").then().statusCode(400)
                .contentType("application/problem+json");
        asMarketer().body(Map.of("channel", "EMAIL", "source", "form"))
                .post("/leads/" + UUID.randomUUID() + "/consent/confirmations").then().statusCode(404)
                .contentType("application/problem+json");
        asMarketer().body(Map.of("channel", "FAX", "source", "form"))
                .post("/leads/" + UUID.randomUUID() + "/consent/confirmations").then().statusCode(400)
                .contentType("application/problem+json");
        // Sales does not confirm for the person.
        given().auth().oauth2(TestTokens.token("rep-ada", "sales-rep")).contentType("application/json")
                .body(Map.of("token", ConsentTokens.unknown())).post("/consents/confirm").then().statusCode(403);
    }

    private static io.restassured.response.Response confirm(String token) {
        return asMarketer().body(Map.of("token", token)).post("/consents/confirm");
    }

    /** Tokens no confirmation was issued with. */
    private static final class ConsentTokens {
        static String unknown() {
            return "never-issued-" + UUID.randomUUID();
        }
    }
}
