package dev.baton.sales;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contract.Topics;
import dev.baton.testkit.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.baton.sales.SalesFixtures.ADA;
import static dev.baton.sales.SalesFixtures.ALAN;
import static dev.baton.sales.SalesFixtures.GRACE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Point 5, sales retention: a WON lead is a customer account; check-ins, renewals and repeat purchases are recorded and
 * move it to RETAINED; cross-sell opportunities on an existing customer; churn recorded as an event.
 */
@QuarkusTest
@SalesTestResource
class CustomerRetentionTest {

    @Test
    void aWonLeadBecomesACustomerAndItsAssistantsCheckInMovesItToRetained() {
        SalesFixtures.Handoff adas = SalesFixtures.won("rep-ada", 12000);
        String customer = "/customers/" + adas.leadId();
        given().auth().oauth2(ADA).get(customer).then().statusCode(200).body("status", equalTo("WON"))
                .body("repId", equalTo("rep-ada"));

        given().auth().oauth2(ALAN).contentType(ContentType.JSON).body(Map.of("kind", "CHECK_IN", "notes", "happy so far"))
                .post(customer + "/retention").then().statusCode(201).body("stage", equalTo("RETAINED"))
                .body("actorId", equalTo("assistant-alan")).body("repId", equalTo("rep-ada"));
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("kind", "RENEWAL"))
                .post(customer + "/retention").then().statusCode(201);

        given().auth().oauth2(ADA).get(customer).then().statusCode(200).body("status", equalTo("RETAINED"))
                .body("retention.kind", equalTo(List.of("CHECK_IN", "RENEWAL")))
                .body("retention.actorId", equalTo(List.of("assistant-alan", "rep-ada")))
                .body("retention[0].notes", equalTo("happy so far"));

        List<ConsumerRecord<String, String>> lifecycle = SalesFixtures.salesLifecycleUntil(adas.leadId(), "retained");
        assertThat(lifecycle).extracting(r -> TopicReader.header(r, "ce_type"))
                .containsExactly("dev.baton.lead.closed.v1", "dev.baton.lead.retained.v1");
        JsonNode retained = SalesFixtures.decode(lifecycle.get(1));
        assertThat(retained.path("from").asText()).isEqualTo("CLOSED");
        assertThat(retained.path("to").asText()).isEqualTo("RETAINED");
        assertThat(retained.path("sequence").asLong()).isEqualTo(6);
        assertThat(retained.path("actor").path("onBehalfOf").asText()).isEqualTo("rep-ada");
    }

    @Test
    void aCrossSellOnAnExistingCustomerRunsThroughThePipelineAndWonIsARepeatPurchase() {
        SalesFixtures.Handoff graces = SalesFixtures.won("rep-grace", 3000);
        String opportunityId = given().auth().oauth2(GRACE).contentType(ContentType.JSON)
                .body(Map.of("title", "support plan", "amount", 900, "expectedCloseDate", "2030-06-30"))
                .post("/customers/" + graces.leadId() + "/opportunities").then().statusCode(201)
                .body("kind", equalTo("CROSS_SELL")).body("status", equalTo("OPEN")).body("repId", equalTo("rep-grace"))
                .body("title", equalTo("support plan")).body("pipelineStage", equalTo("FOLLOW_UP"))
                .extract().path("opportunityId");
        given().auth().oauth2(GRACE).queryParam("leadId", graces.leadId()).get("/opportunities").then()
                .body("$", hasSize(2));

        given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(Map.of("stage", "PROPOSAL"))
                .post("/opportunities/" + opportunityId + "/stage").then().statusCode(200);
        given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(Map.of("outcome", "WON", "amount", 950))
                .post("/opportunities/" + opportunityId + "/close").then().statusCode(200)
                .body("status", equalTo("WON")).body("lead.stage", equalTo("RETAINED"));

        given().auth().oauth2(GRACE).get("/customers/" + graces.leadId()).then().statusCode(200)
                .body("status", equalTo("RETAINED")).body("retention.kind", equalTo(List.of("REPEAT_PURCHASE")));
        // On the lifecycle: closed (the first sale), then retained; the cross-sell never closes the lead again.
        List<ConsumerRecord<String, String>> lifecycle = SalesFixtures.salesLifecycleUntil(graces.leadId(), "retained");
        assertThat(lifecycle).extracting(r -> TopicReader.header(r, "ce_type"))
                .containsExactly("dev.baton.lead.closed.v1", "dev.baton.lead.retained.v1");
        assertThat(SalesFixtures.decode(lifecycle.get(1)).path("details").path("kind").asText())
                .isEqualTo("REPEAT_PURCHASE");
        List<ConsumerRecord<String, String>> pipeline = SalesFixtures.read(Topics.SALES_PIPELINE, graces.leadId(),
                found -> found.stream().anyMatch(r -> r.value().contains("\"kind\":\"CROSS_SELL\"")
                        && r.value().contains("\"to\":\"WON\"")));
        JsonNode end = SalesFixtures.decode(pipeline.get(pipeline.size() - 1));
        assertThat(end.path("opportunityId").asText()).isEqualTo(opportunityId);
        assertThat(end.path("kind").asText()).isEqualTo("CROSS_SELL");
    }

    @Test
    void aChurnIsAnAuditedMoveBackAndEndsRetention() {
        SalesFixtures.Handoff adas = SalesFixtures.won("rep-ada", 500);
        String customer = "/customers/" + adas.leadId();
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("kind", "REPEAT_PURCHASE"))
                .post(customer + "/retention").then().statusCode(201);

        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of())
                .post(customer + "/churn").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(Map.of("reason", "not mine"))
                .post(customer + "/churn").then().statusCode(403);
        given().auth().oauth2(ALAN).contentType(ContentType.JSON).body(Map.of("reason", "moved to a competitor"))
                .post(customer + "/churn").then().statusCode(200).body("status", equalTo("CHURNED"))
                .body("churnReason", equalTo("moved to a competitor")).body("churnedBy", equalTo("assistant-alan"));

        List<ConsumerRecord<String, String>> lifecycle = SalesFixtures.salesLifecycleUntil(adas.leadId(), "churned");
        assertThat(lifecycle).extracting(r -> TopicReader.header(r, "ce_type")).containsExactly(
                "dev.baton.lead.closed.v1", "dev.baton.lead.retained.v1", "dev.baton.lead.churned.v1");
        JsonNode churned = SalesFixtures.decode(lifecycle.get(2));
        assertThat(churned.path("from").asText()).isEqualTo("RETAINED");
        assertThat(churned.path("to").asText()).isEqualTo("CLOSED");
        assertThat(churned.path("reason").asText()).as("the words stay in sales").isEqualTo("churned");
        assertThat(churned.path("sequence").asLong()).isEqualTo(7);
        assertThat(churned.path("details").path("repId").asText()).isEqualTo("rep-ada");

        // A churned customer: no more retention, no second churn, no cross-sell.
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("kind", "CHECK_IN"))
                .post(customer + "/retention").then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("reason", "again"))
                .post(customer + "/churn").then().statusCode(409).body("type", containsString("already-churned"));
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("title", "win-back offer"))
                .post(customer + "/opportunities").then().statusCode(409);
        given().auth().oauth2(ADA).get(customer).then().body("status", equalTo("CHURNED"))
                .body("retention", hasSize(1));
    }

    @Test
    void retentionForALeadThatIsNotAWonCustomerIsRefusedAndChangesNothing() {
        SalesFixtures.Handoff open = SalesFixtures.accepted("rep-ada");
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("kind", "CHECK_IN"))
                .post("/customers/" + open.leadId() + "/retention").then().statusCode(409)
                .contentType("application/problem+json").body("type", containsString("not-a-customer"));
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("kind", "CHECK_IN"))
                .post("/customers/" + UUID.randomUUID() + "/retention").then().statusCode(409);
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("title", "extra seats"))
                .post("/customers/" + open.leadId() + "/opportunities").then().statusCode(409);
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("reason", "gone"))
                .post("/customers/" + open.leadId() + "/churn").then().statusCode(409);
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("kind", "HUG"))
                .post("/customers/" + open.leadId() + "/retention").then().statusCode(400);
        given().auth().oauth2(ADA).get("/customers/" + open.leadId()).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(ADA).get("/opportunities/" + open.opportunityId()).then().body("status", equalTo("OPEN"))
                .body("lead.stage", equalTo("QUALIFIED"));

        // Another rep's customer is theirs only.
        SalesFixtures.Handoff graces = SalesFixtures.won("rep-grace", 100);
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("kind", "CHECK_IN"))
                .post("/customers/" + graces.leadId() + "/retention").then().statusCode(403);
        given().auth().oauth2(ADA).get("/customers/" + graces.leadId()).then().statusCode(403);
        given().auth().oauth2(GRACE).get("/customers/" + graces.leadId()).then().body("status", equalTo("WON"))
                .body("retention", hasSize(0));
    }
}
