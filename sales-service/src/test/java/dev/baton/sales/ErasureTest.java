package dev.baton.sales;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contract.Actor;
import dev.baton.contract.Stage;
import dev.baton.contract.Topics;
import dev.baton.testkit.PersonalDataScan;
import dev.baton.testkit.SharedInfrastructure;
import dev.baton.testkit.TestEvents;
import dev.baton.testkit.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.baton.sales.SalesFixtures.ADA;
import static dev.baton.sales.SalesFixtures.ALAN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Issue 21, sales' part of an erasure: the reps' words about the person (activity subjects and notes, retention notes)
 * and the referral links go; the opportunity, its amount, stages and times stay; the erasure is confirmed once.
 */
@QuarkusTest
@SalesTestResource
class ErasureTest {

    @Test
    void theRepsWordsAndTheReferralLinksGoTheFiguresStayAndTheErasureIsConfirmed() {
        String canary = "canary" + UUID.randomUUID().toString().replace("-", "");
        SalesFixtures.Handoff customer = SalesFixtures.accepted("rep-ada");
        given().auth().oauth2(ALAN).contentType(ContentType.JSON).body(Map.of("type", "CALL", "direction", "INBOUND",
                        "subject", "call from " + canary, "notes", canary + " has two kids and a dog"))
                .post("/opportunities/" + customer.opportunityId() + "/activities").then().statusCode(201);
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("outcome", "WON", "amount", 7000))
                .post("/opportunities/" + customer.opportunityId() + "/close").then().statusCode(200);
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("kind", "CHECK_IN",
                "notes", "spoke with " + canary)).post("/customers/" + customer.leadId() + "/retention").then()
                .statusCode(201);
        given().auth().oauth2(ALAN).contentType(ContentType.JSON).body(Map.of("referrerLeadId", customer.leadId(),
                        "email", "referred." + UUID.randomUUID() + "@example.com", "consent", true))
                .post("/referrals").then().statusCode(201);
        String sales = SharedInfrastructure.postgres().jdbcUrl("sales");
        assertThat(PersonalDataScan.rowsContaining(sales, canary)).containsKeys("public.activity",
                "public.retention_activity");
        String privacy = dev.baton.testkit.TestTokens.token("privacy-paula", "privacy-officer");
        given().auth().oauth2(privacy).get("/privacy/exports/" + customer.leadId()).then().statusCode(200)
                .body("service", equalTo("sales-service"))
                .body("data.opportunities[0].activities[0].notes", equalTo(canary + " has two kids and a dog"))
                .body("data.opportunities[0].stage_changes.to_stage", org.hamcrest.Matchers.hasItem("WON"))
                .body("data.customer.status", equalTo("RETAINED"))
                .body("data.retention[0].notes", equalTo("spoke with " + canary))
                .body("data.referrals.size()", equalTo(1));

        String erasureId = UUID.randomUUID().toString();
        var erased = TestEvents.lifecycleEvent(customer.leadId(), "erased", Stage.RETAINED, Stage.RETAINED,
                Actor.user("privacy-paula"), "erasure requested", "erasure:" + erasureId, 6,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), Map.of("erasureId", erasureId))
                .toCloudEvent("marketing-service");
        TestEvents.publish(erased);
        TestEvents.publish(erased);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(PersonalDataScan.rowsContaining(sales, canary)).isEmpty());
        // A later erasure of the same lead comes after both deliveries (one partition): once it is confirmed, the
        // redelivery has been handled too.
        String later = UUID.randomUUID().toString();
        TestEvents.publish(TestEvents.lifecycleEvent(customer.leadId(), "erased", Stage.RETAINED, Stage.RETAINED,
                Actor.user("privacy-paula"), "erasure requested", "erasure:" + later, 6,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), Map.of("erasureId", later))
                .toCloudEvent("marketing-service"));
        List<ConsumerRecord<String, String>> confirmations = SalesFixtures.read(Topics.LIFECYCLE, customer.leadId(),
                        found -> found.stream().anyMatch(r -> r.value().contains(later)
                                && SalesFixtures.SALES_SOURCE.equals(TopicReader.header(r, "ce_source")))).stream()
                .filter(r -> "dev.baton.lead.erasure-confirmed.v1".equals(TopicReader.header(r, "ce_type")))
                .filter(r -> r.value().contains(erasureId)).toList();
        assertThat(confirmations).hasSize(1);
        JsonNode confirmed = SalesFixtures.decode(confirmations.get(0));
        assertThat(confirmed.path("details").path("erasureId").asText()).isEqualTo(erasureId);
        assertThat(confirmed.path("details").path("service").asText()).isEqualTo("sales-service");
        assertThat(confirmed.path("causationId").asText()).isEqualTo(erased.id());

        given().auth().oauth2(ADA).get("/opportunities/" + customer.opportunityId()).then().statusCode(200)
                .body("status", equalTo("WON")).body("amount", equalTo(7000.0f))
                .body("lead.contact.EMAIL", equalTo("WITHDRAWN")).body("lead.contact.PHONE", equalTo("WITHDRAWN"));
        // Nothing more is written about the person.
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("kind", "CHECK_IN", "notes", "again"))
                .post("/customers/" + customer.leadId() + "/retention").then().statusCode(409)
                .body("type", org.hamcrest.Matchers.containsString("lead-erased"));
        given().auth().oauth2(privacy).get("/privacy/exports/" + customer.leadId()).then().statusCode(200)
                .body("data.opportunities[0].activities[0].notes", nullValue()).body("data.referrals.size()", equalTo(0));
        given().auth().oauth2(ADA).get("/customers/" + customer.leadId()).then().statusCode(200)
                .body("referrals.size()", equalTo(0)).body("retention[0].kind", equalTo("CHECK_IN"))
                .body("retention[0].notes", nullValue());
        assertThat(TopicReader.readUntil(SharedInfrastructure.kafka().bootstrapServers(), Topics.LIFECYCLE,
                r -> r.value().contains(canary), found -> false, Duration.ofSeconds(2))).isEmpty();
    }
}
