package dev.baton.sales;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.testkit.TestEvents;
import dev.baton.testkit.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.baton.sales.SalesFixtures.ADA;
import static dev.baton.sales.SalesFixtures.ALAN;
import static dev.baton.sales.SalesFixtures.GRACE;
import static dev.baton.sales.SalesFixtures.OPS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Point 6, referrals from the sales side. marketing-service (the owner of identity) is a stub here that answers like
 * marketing and records what sales forwarded; the journey with the real marketing and handoff services is a black-box
 * test of its own.
 */
@QuarkusTest
@SalesTestResource
class ReferralTest {

    @ConfigProperty(name = "baton.sales.marketing-url")
    String marketingUrl;

    @Test
    void anAssistantRecordsACustomersReferralMarketingCreatesTheLeadAndItIsAttributedToTheCustomerAndTheRep() {
        SalesFixtures.Handoff customer = SalesFixtures.won("rep-ada", 7000);
        String email = "referred." + UUID.randomUUID() + "@example.com";
        Map<String, Object> referral = Map.of("referrerLeadId", customer.leadId(), "email", "  " + email.toUpperCase() + " ",
                "name", "Lin Example", "consent", true);

        String newLeadId = given().auth().oauth2(ALAN).contentType(ContentType.JSON).body(referral).post("/referrals")
                .then().statusCode(201).body("stage", equalTo("QUALIFIED")).body("referrerLeadId", equalTo(customer.leadId()))
                .body("repId", equalTo("rep-ada")).body("actorId", equalTo("assistant-alan"))
                .extract().path("leadId");

        // What marketing received: the caller's own token, a REFERRAL conversion attributed to the customer and rep.
        List<JsonNode> calls = callsFor(email);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).path("authorization").asText()).isEqualTo("Bearer " + ALAN);
        JsonNode body = calls.get(0).path("body");
        assertThat(body.path("kind").asText()).isEqualTo("REFERRAL");
        assertThat(body.path("email").asText()).isEqualTo(email.toUpperCase());
        assertThat(body.path("name").asText()).isEqualTo("Lin Example");
        assertThat(body.path("consent").asBoolean()).isTrue();
        assertThat(body.path("referrerLeadId").asText()).isEqualTo(customer.leadId());
        assertThat(body.path("referringRepId").asText()).isEqualTo("rep-ada");

        given().auth().oauth2(ADA).get("/customers/" + customer.leadId()).then().statusCode(200)
                .body("referrals", hasSize(1)).body("referrals[0].leadId", equalTo(newLeadId))
                .body("referrals[0].repId", equalTo("rep-ada")).body("referrals[0].actorId", equalTo("assistant-alan"));

        // The same person again (any case): the same lead, recorded once.
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("referrerLeadId", customer.leadId(),
                        "email", email, "consent", true))
                .post("/referrals").then().statusCode(200).body("leadId", equalTo(newLeadId));
        // referral-received on the referrer's lead with its next number, and nothing for the repeat: the check-in that
        // follows takes the number right after it.
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("kind", "CHECK_IN"))
                .post("/customers/" + customer.leadId() + "/retention").then().statusCode(201);
        List<ConsumerRecord<String, String>> lifecycle = SalesFixtures.salesLifecycleUntil(customer.leadId(), "retained");
        assertThat(lifecycle).extracting(r -> TopicReader.header(r, "ce_type")).containsExactly(
                "dev.baton.lead.closed.v1", "dev.baton.lead.referral-received.v1", "dev.baton.lead.retained.v1");
        JsonNode received = SalesFixtures.decode(lifecycle.get(1));
        assertThat(received.path("sequence").asLong()).isEqualTo(6);
        assertThat(received.path("from").asText()).isEqualTo("CLOSED");
        assertThat(received.path("to").asText()).isEqualTo("CLOSED");
        assertThat(received.path("details").path("referrerLeadId").asText()).isEqualTo(customer.leadId());
        assertThat(received.path("details").path("referredLeadId").asText()).isEqualTo(newLeadId);
        assertThat(received.path("details").path("repId").asText()).isEqualTo("rep-ada");
        assertThat(received.path("actor").path("id").asText()).isEqualTo("assistant-alan");
        assertThat(received.path("actor").path("onBehalfOf").asText()).isEqualTo("rep-ada");
        assertThat(SalesFixtures.decode(lifecycle.get(2)).path("sequence").asLong()).isEqualTo(7);

        // The handoff service gives the qualified referral to the same rep: sales shows it attributed to the customer.
        SalesFixtures.Handoff referred = handOffReferral(newLeadId, "rep-ada");
        given().auth().oauth2(ADA).get("/opportunities/" + referred.opportunityId()).then().statusCode(200)
                .body("repId", equalTo("rep-ada")).body("referrerLeadId", equalTo(customer.leadId()))
                .body("status", equalTo("AWAITING_RESPONSE"));
    }

    @Test
    void refusedReferralsRecordNothingAndThoseRefusedBySalesNeverReachMarketing() {
        SalesFixtures.Handoff customer = SalesFixtures.won("rep-ada", 100);
        String tag = UUID.randomUUID().toString();

        // Not the customer's rep (nor their assistant or manager): 403, marketing is not asked.
        given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(referral(customer.leadId(), "a." + tag + "@example.com"))
                .post("/referrals").then().statusCode(403).contentType("application/problem+json");
        // The referrer is not a customer: 409.
        SalesFixtures.Handoff prospect = SalesFixtures.accepted("rep-ada");
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(referral(prospect.leadId(), "b." + tag + "@example.com"))
                .post("/referrals").then().statusCode(409).contentType("application/problem+json")
                .body("type", containsString("not-a-customer"));
        given().auth().oauth2(ADA).contentType(ContentType.JSON)
                .body(referral(UUID.randomUUID().toString(), "c." + tag + "@example.com"))
                .post("/referrals").then().statusCode(409);
        // Bad input: no consent decision, not an email, an unknown field.
        Map<String, Object> noConsent = new HashMap<>(referral(customer.leadId(), "d." + tag + "@example.com"));
        noConsent.remove("consent");
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(noConsent).post("/referrals").then().statusCode(400);
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(referral(customer.leadId(), "not-an-email-" + tag))
                .post("/referrals").then().statusCode(422);
        Map<String, Object> withStage = new HashMap<>(referral(customer.leadId(), "e." + tag + "@example.com"));
        withStage.put("stage", "QUALIFIED");
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(withStage).post("/referrals").then().statusCode(400)
                .body("type", containsString("unknown-field"));
        assertThat(callsContaining(tag)).isEmpty();

        // Marketing refuses the person, fails, or the person is the customer: nothing recorded either.
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(referral(customer.leadId(), "refused." + tag + "@example.com"))
                .post("/referrals").then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("not a deliverable address"));
        given().auth().oauth2(ADA).contentType(ContentType.JSON)
                .body(referral(customer.leadId(), "marketing-down." + tag + "@example.com"))
                .post("/referrals").then().statusCode(502).contentType("application/problem+json");
        given().auth().oauth2(ADA).contentType(ContentType.JSON)
                .body(referral(customer.leadId(), "lead-" + customer.leadId() + "@example.com"))
                .post("/referrals").then().statusCode(422).body("type", containsString("self-referral"));
        assertThat(callsContaining(tag)).hasSize(2);

        given().auth().oauth2(ADA).get("/customers/" + customer.leadId()).then().body("referrals", hasSize(0));
        // Nothing on the lifecycle either: the next event (a check-in) follows closed directly.
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("kind", "CHECK_IN"))
                .post("/customers/" + customer.leadId() + "/retention").then().statusCode(201);
        List<ConsumerRecord<String, String>> lifecycle = SalesFixtures.salesLifecycleUntil(customer.leadId(), "retained");
        assertThat(lifecycle).extracting(r -> TopicReader.header(r, "ce_type"))
                .containsExactly("dev.baton.lead.closed.v1", "dev.baton.lead.retained.v1");

        // A churned customer refers no one.
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("reason", "budget cut"))
                .post("/customers/" + customer.leadId() + "/churn").then().statusCode(200);
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(referral(customer.leadId(), "f." + tag + "@example.com"))
                .post("/referrals").then().statusCode(409).body("type", containsString("churned"));
        assertThat(callsContaining(tag)).hasSize(2);
    }

    private static Map<String, Object> referral(String referrerLeadId, String email) {
        return Map.of("referrerLeadId", referrerLeadId, "email", email, "consent", true);
    }

    /** Hands the referred lead to a rep the way the handoff service does (policy REFERRAL). */
    private static SalesFixtures.Handoff handOffReferral(String leadId, String repId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        dev.baton.testkit.TestEvents.publish(TestEvents.lifecycleEvent(leadId, "handed-off",
                dev.baton.contract.Stage.QUALIFIED, dev.baton.contract.Stage.QUALIFIED,
                dev.baton.contract.Actor.system("handoff-service"), "referral", "test", 3, now,
                Map.of("repId", repId, "slaDueAt", now.plusSeconds(3600).toString(), "policy", "REFERRAL"))
                .toCloudEvent("handoff-service"));
        SalesFixtures.publishOwnership(leadId, repId, "HANDED_OFF", 2);
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> id[0] = given().auth().oauth2(OPS)
                .queryParam("leadId", leadId).get("/opportunities").then().statusCode(200).body("$", hasSize(1))
                .extract().path("[0].opportunityId"));
        return new SalesFixtures.Handoff(leadId, id[0], repId);
    }

    private List<JsonNode> callsFor(String email) {
        List<JsonNode> found = new ArrayList<>();
        allCalls().forEach(call -> {
            if (call.path("body").path("email").asText().strip().equalsIgnoreCase(email)) {
                found.add(call);
            }
        });
        return found;
    }

    private List<JsonNode> callsContaining(String tag) {
        List<JsonNode> found = new ArrayList<>();
        allCalls().forEach(call -> {
            if (call.path("body").path("email").asText().contains(tag)) {
                found.add(call);
            }
        });
        return found;
    }

    private JsonNode allCalls() {
        return SalesFixtures.json(given().get(marketingUrl + "/__calls").then().statusCode(200).extract().asString());
    }
}
