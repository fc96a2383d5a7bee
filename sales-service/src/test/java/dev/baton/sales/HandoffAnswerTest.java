package dev.baton.sales;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contract.Actor;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Stage;
import dev.baton.contract.Topics;
import dev.baton.testkit.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static dev.baton.sales.SalesFixtures.ADA;
import static dev.baton.sales.SalesFixtures.ALAN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * Point 2: on handed-off an opportunity awaits the assigned rep; the rep (or their assistant) accepts or rejects it
 * with a reason code, and the answer reaches the handoff service on sales.responses.v1; its verdict opens or closes it.
 */
@QuarkusTest
@SalesTestResource
class HandoffAnswerTest {

    @Test
    void anAssistantRejectsWithAReasonCodeTheAnswerReachesTheHandoffServiceAndItsVerdictClosesTheOpportunity() {
        SalesFixtures.Handoff adas = SalesFixtures.handOff("rep-ada");
        String reject = "/opportunities/" + adas.opportunityId() + "/reject";
        given().auth().oauth2(ADA).get("/opportunities/" + adas.opportunityId()).then().statusCode(200)
                .body("status", equalTo("AWAITING_RESPONSE")).body("repId", equalTo("rep-ada"))
                .body("slaDueAt", notNullValue()).body("kind", equalTo("NEW_BUSINESS"));

        given().auth().oauth2(ALAN).contentType(ContentType.JSON).body(Map.of("reason", "TOO_EXPENSIVE"))
                .post(reject).then().statusCode(422).contentType("application/problem+json")
                .body("allowed", hasItem("NO_BUDGET"));
        given().auth().oauth2(ALAN).contentType(ContentType.JSON).body(Map.of("reason", "NO_BUDGET"))
                .post(reject).then().statusCode(202).body("responsePending", equalTo("REJECT"))
                .body("respondedBy", equalTo("assistant-alan"));
        given().auth().oauth2(ADA).contentType(ContentType.JSON).post("/opportunities/" + adas.opportunityId() + "/accept")
                .then().statusCode(409).body("type", containsString("answer-pending"));

        List<ConsumerRecord<String, String>> responses = SalesFixtures.read(Topics.SALES_RESPONSES, adas.leadId(),
                found -> !found.isEmpty());
        assertThat(responses).hasSize(1);
        JsonNode response = SalesFixtures.decode(responses.get(0));
        assertThat(response.path("decision").asText()).isEqualTo("REJECT");
        assertThat(response.path("reasonCode").asText()).isEqualTo("NO_BUDGET");
        assertThat(response.path("opportunityId").asText()).isEqualTo(adas.opportunityId());
        assertThat(response.path("repId").asText()).isEqualTo("rep-ada");
        assertThat(response.path("actor").path("id").asText()).isEqualTo("assistant-alan");
        assertThat(response.path("actor").path("onBehalfOf").asText()).isEqualTo("rep-ada");

        // The handoff service's verdict: rejected (the lead goes back to marketing).
        TestEvents.publish(TestEvents.lifecycleEvent(adas.leadId(), "rejected", Stage.QUALIFIED, Stage.QUALIFIED,
                Actor.userFor("assistant-alan", "rep-ada"), "NO_BUDGET", "test", 4,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), Map.of("repId", "rep-ada", "reasonCode", "NO_BUDGET"))
                .toCloudEvent("handoff-service"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(ADA)
                .get("/opportunities/" + adas.opportunityId()).then().body("status", equalTo("REJECTED"))
                .body("responsePending", nullValue()));
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("type", "CALL"))
                .post("/opportunities/" + adas.opportunityId() + "/activities").then().statusCode(409);
    }
}
