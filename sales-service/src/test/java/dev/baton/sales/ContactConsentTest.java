package dev.baton.sales;

import dev.baton.contract.Actor;
import dev.baton.contract.Stage;
import dev.baton.testkit.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static dev.baton.sales.SalesFixtures.ADA;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Issue 21, withdrawals reach sales: the rep sees per channel whether the person may be contacted, as marketing
 * publishes it with the handoff and with every change, and sales refuses to record an outbound call or email on a
 * channel the person withdrew (409), while an inbound one, or another channel, is still recorded.
 */
@QuarkusTest
@SalesTestResource
class ContactConsentTest {

    @Test
    void aWithdrawnChannelIsShownAndRefusesOutboundContactOnItOnly() {
        String leadId = UUID.randomUUID().toString();
        marketing(leadId, "qualified", Stage.KNOWN, Stage.QUALIFIED, Map.of("score", 80, "trigger", "SCORE",
                "consent", true, "channels", Map.of("EMAIL", true, "PHONE", true)));
        SalesFixtures.Handoff handoff = SalesFixtures.accepted(SalesFixtures.handOff(leadId, "rep-ada",
                Instant.now().plusSeconds(3600)));
        String opportunity = "/opportunities/" + handoff.opportunityId();
        given().auth().oauth2(ADA).get(opportunity).then().statusCode(200)
                .body("lead.contact.EMAIL", equalTo("GRANTED")).body("lead.contact.PHONE", equalTo("GRANTED"));
        log(opportunity, "CALL", null).then().statusCode(201).body("direction", equalTo("OUTBOUND"));

        // The person asks not to be called: marketing's consent-changed repeats its last number (#2), behind sales' #4.
        marketing(leadId, "consent-changed", Stage.QUALIFIED, Stage.QUALIFIED, Map.of("channel", "PHONE",
                "granted", false, "source", "call-me-not", "channels", Map.of("EMAIL", true, "PHONE", false)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(ADA).get(opportunity)
                .then().body("lead.contact.PHONE", equalTo("WITHDRAWN")).body("lead.contact.EMAIL", equalTo("GRANTED")));

        log(opportunity, "CALL", null).then().statusCode(409).contentType("application/problem+json")
                .body("type", containsString("consent-withdrawn")).body("channel", equalTo("PHONE"));
        log(opportunity, "CALL", "OUTBOUND").then().statusCode(409);
        given().auth().oauth2(ADA).get(opportunity + "/activities").then().statusCode(200).body("$", hasSize(1));

        // The person calls in, and an email may still go out.
        log(opportunity, "CALL", "INBOUND").then().statusCode(201).body("direction", equalTo("INBOUND"));
        log(opportunity, "EMAIL", null).then().statusCode(201);
        // A direction applies to calls and emails only.
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("type", "PROPOSAL", "amount", 10,
                        "direction", "INBOUND"))
                .post(opportunity + "/activities").then().statusCode(422).contentType("application/problem+json");
        given().auth().oauth2(ADA).get(opportunity + "/activities").then().statusCode(200).body("$", hasSize(3));
    }

    /** Records a call or an email (outbound unless {@code direction} says otherwise) as the rep. */
    private static Response log(String opportunity, String type, String direction) {
        Map<String, Object> body = new HashMap<>(Map.of("type", type, "subject", "about the offer"));
        if (direction != null) {
            body.put("direction", direction);
        }
        return given().auth().oauth2(ADA).contentType(ContentType.JSON).body(body).post(opportunity + "/activities");
    }

    private static void marketing(String leadId, String type, Stage from, Stage to, Map<String, Object> details) {
        TestEvents.publish(TestEvents.lifecycleEvent(leadId, type, from, to, Actor.user("marketer-mia"), "test",
                "test:" + UUID.randomUUID(), 2, Instant.now().truncatedTo(ChronoUnit.MILLIS), details)
                .toCloudEvent("marketing-service"));
    }
}
