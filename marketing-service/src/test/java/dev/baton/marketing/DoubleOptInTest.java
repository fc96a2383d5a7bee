package dev.baton.marketing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
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
 * the person's confirmation is the one way back to a channel they withdrew. The token goes only to the system that
 * mails the person and relays their click (integration); no user can ask for one or confirm for the person.
 */
@QuarkusTest
@MarketingTestResource
class DoubleOptInTest {

    private static final String WEBSITE = TestTokens.token("integration-web", "integration");

    @Test
    void aNewsletterSignupSendsNothingUntilThePersonConfirms() {
        var converted = asWebsite().body(Map.of("email", "news-" + UUID.randomUUID() + "@example.com",
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

        asWebsite().body(Map.of("token", token, "clientIp", "2001:db8::7", "userAgent", "Mail/16.0"))
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
        assertThat(granted.path("details").path("source").asText()).as("the kind of source only").isEqualTo("confirmation");
        assertThat(granted.path("details").path("channels").toString()).isEqualTo("{\"EMAIL\":true}");
        assertThat(granted.toString()).as("the client is personal data: never on a topic")
                .doesNotContain("2001:db8::7").doesNotContain("Mail/16.0");
    }

    @Test
    void thePersonsConfirmationIsTheOneWayBackToAWithdrawnChannelAndAWithdrawalVoidsOlderLinks() {
        var signup = asWebsite().body(Map.of("email", "back-" + UUID.randomUUID() + "@example.com",
                "kind", "NEWSLETTER", "consent", true)).post("/conversions").then().statusCode(201).extract();
        String leadId = signup.path("leadId");
        String beforeWithdrawal = signup.path("confirmation.token");
        withdraw(leadId);
        asMarketer().body(Map.of("channel", "EMAIL", "granted", true, "source", "marketer"))
                .put("/leads/" + leadId + "/consent").then().statusCode(409);
        // A link sent before the person unsubscribed cannot undo it.
        confirm(beforeWithdrawal).then().statusCode(409).body("type", endsWith("confirmation-expired"));

        String token = requestConfirmation(leadId, "prefs-v3");
        asMarketer().get("/leads/" + leadId + "/consent").then().body("channels.EMAIL.granted", equalTo(false));
        confirm(token).then().statusCode(200).body("channels.EMAIL.granted", equalTo(true))
                .body("channels.EMAIL.source", equalTo("confirmed:preference centre"))
                .body("history[1].proof.textVersion", equalTo("prefs-v3"))
                .body("history[1].proof.purpose", equalTo("MARKETING_EMAIL"));
        // Granted now: nothing left to confirm.
        asWebsite().body(Map.of("channel", "EMAIL", "source", "again"))
                .post("/leads/" + leadId + "/consent/confirmations").then().statusCode(409)
                .contentType("application/problem+json").body("type", endsWith("consent-granted"));
    }

    @Test
    void noUserGetsATokenOrConfirmsForThePerson() {
        String leadId = asMarketer().body(Map.of("email", "user-" + UUID.randomUUID() + "@example.com",
                        "kind", "NEWSLETTER", "consent", true)).post("/conversions").then().statusCode(201)
                .body("confirmation", nullValue()).extract().path("leadId");
        asMarketer().body(Map.of("channel", "EMAIL", "source", "form"))
                .post("/leads/" + leadId + "/consent/confirmations").then().statusCode(403);
        String token = requestConfirmation(leadId, "v1");
        asMarketer().body(Map.of("token", token)).post("/consents/confirm").then().statusCode(403);
        given().auth().oauth2(TestTokens.token("rep-ada", "sales-rep")).contentType("application/json")
                .body(Map.of("token", token)).post("/consents/confirm").then().statusCode(403);
        asMarketer().get("/leads/" + leadId + "/consent").then().body("consentToContact", equalTo(false));
    }

    @Test
    void anUnknownOrMalformedTokenOrLeadIsAProblemAndChangesNothing() {
        confirm("never-issued-" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        asWebsite().body(Map.of("token", " ")).post("/consents/confirm").then().statusCode(400)
                .contentType("application/problem+json");
        asWebsite().body(Map.of("channel", "EMAIL", "source", "form"))
                .post("/leads/" + UUID.randomUUID() + "/consent/confirmations").then().statusCode(404)
                .contentType("application/problem+json");
        asWebsite().body(Map.of("channel", "FAX", "source", "form"))
                .post("/leads/" + UUID.randomUUID() + "/consent/confirmations").then().statusCode(400)
                .contentType("application/problem+json");
    }

    private static RequestSpecification asWebsite() {
        return given().auth().oauth2(WEBSITE).contentType("application/json");
    }

    private static String requestConfirmation(String leadId, String textVersion) {
        return asWebsite().body(Map.of("channel", "EMAIL", "source", "preference centre", "textVersion", textVersion))
                .post("/leads/" + leadId + "/consent/confirmations").then().statusCode(201)
                .body("leadId", equalTo(leadId)).extract().path("token");
    }

    private static void withdraw(String leadId) {
        asMarketer().body(Map.of("channel", "EMAIL", "granted", false, "source", "unsubscribe link"))
                .put("/leads/" + leadId + "/consent").then().statusCode(200);
    }

    private static Response confirm(String token) {
        return asWebsite().body(Map.of("token", token)).post("/consents/confirm");
    }
}
