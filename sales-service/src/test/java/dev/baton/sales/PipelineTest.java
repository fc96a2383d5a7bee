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

import static dev.baton.sales.SalesFixtures.ADA;
import static dev.baton.sales.SalesFixtures.ALAN;
import static dev.baton.sales.SalesFixtures.GRACE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * Point 3: the pipeline inside sales (follow-up, relationship, proposal, closing, then WON or LOST) with amount and
 * expected close date; every move recorded with who made it for which rep and published on sales.pipeline.v1; a WON or
 * LOST publishes closed on the lifecycle.
 */
@QuarkusTest
@SalesTestResource
class PipelineTest {

    @Test
    void anAssistantMovesTheirRepsOpportunityThroughThePipelineAndEveryMoveIsRecordedAndPublished() {
        SalesFixtures.Handoff adas = SalesFixtures.accepted("rep-ada");
        String stage = "/opportunities/" + adas.opportunityId() + "/stage";

        given().auth().oauth2(ALAN).contentType(ContentType.JSON).body(Map.of("stage", "RELATIONSHIP"))
                .post(stage).then().statusCode(200).body("pipelineStage", equalTo("RELATIONSHIP"));
        given().auth().oauth2(ALAN).contentType(ContentType.JSON)
                .body(Map.of("stage", "PROPOSAL", "amount", 12000, "expectedCloseDate", "2030-03-31"))
                .post(stage).then().statusCode(200).body("pipelineStage", equalTo("PROPOSAL"))
                .body("amount", equalTo(12000.0f)).body("expectedCloseDate", equalTo("2030-03-31"));
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("stage", "CLOSING"))
                .post(stage).then().statusCode(200).body("pipelineStage", equalTo("CLOSING"))
                .body("amount", equalTo(12000.0f)); // kept when not given
        // A move back is explicit: it needs a reason.
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("stage", "PROPOSAL"))
                .post(stage).then().statusCode(422).contentType("application/problem+json")
                .body("type", containsString("reason-required"));
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("stage", "CLOSING"))
                .post(stage).then().statusCode(409).body("type", containsString("same-stage"));
        given().auth().oauth2(ADA).contentType(ContentType.JSON)
                .body(Map.of("stage", "PROPOSAL", "reason", "the buyer asked for a new quote", "amount", 11000))
                .post(stage).then().statusCode(200).body("pipelineStage", equalTo("PROPOSAL"));

        given().auth().oauth2(ADA).get("/opportunities/" + adas.opportunityId() + "/stages").then().statusCode(200)
                .body("$", hasSize(4))
                .body("from", equalTo(List.of("FOLLOW_UP", "RELATIONSHIP", "PROPOSAL", "CLOSING")))
                .body("to", equalTo(List.of("RELATIONSHIP", "PROPOSAL", "CLOSING", "PROPOSAL")))
                .body("actorId", equalTo(List.of("assistant-alan", "assistant-alan", "rep-ada", "rep-ada")))
                .body("repId", equalTo(List.of("rep-ada", "rep-ada", "rep-ada", "rep-ada")))
                .body("[3].reason", equalTo("the buyer asked for a new quote"));

        List<ConsumerRecord<String, String>> moves = SalesFixtures.read(Topics.SALES_PIPELINE, adas.leadId(),
                found -> found.size() >= 4);
        assertThat(moves).hasSize(4);
        assertThat(moves).extracting(r -> TopicReader.header(r, "ce_type"))
                .containsOnly("dev.baton.sales.opportunity-stage-changed.v1");
        JsonNode second = SalesFixtures.decode(moves.get(1));
        assertThat(second.path("opportunityId").asText()).isEqualTo(adas.opportunityId());
        assertThat(second.path("kind").asText()).isEqualTo("NEW_BUSINESS");
        assertThat(second.path("from").asText()).isEqualTo("RELATIONSHIP");
        assertThat(second.path("to").asText()).isEqualTo("PROPOSAL");
        assertThat(second.path("amount").decimalValue()).isEqualByComparingTo("12000");
        assertThat(second.path("expectedCloseDate").asText()).isEqualTo("2030-03-31");
        assertThat(second.path("repId").asText()).isEqualTo("rep-ada");
        assertThat(second.path("actor").path("id").asText()).isEqualTo("assistant-alan");
        assertThat(second.path("actor").path("onBehalfOf").asText()).isEqualTo("rep-ada");
        // Pipeline moves are not lifecycle transitions: the lead is still QUALIFIED.
        given().auth().oauth2(ADA).get("/opportunities/" + adas.opportunityId()).then().statusCode(200)
                .body("lead.stage", equalTo("QUALIFIED")).body("status", equalTo("OPEN"));
    }

    @Test
    void closingWonPublishesClosedOnTheLifecycleAndTheEndOfThePipelineAndASecondCloseIsRefused() {
        SalesFixtures.Handoff adas = SalesFixtures.accepted("rep-ada");
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("stage", "PROPOSAL", "amount", 800))
                .post("/opportunities/" + adas.opportunityId() + "/stage").then().statusCode(200);

        given().auth().oauth2(ALAN).contentType(ContentType.JSON).body(Map.of("outcome", "WON", "amount", 950))
                .post("/opportunities/" + adas.opportunityId() + "/close").then().statusCode(200)
                .body("status", equalTo("WON")).body("amount", equalTo(950.0f)).body("pipelineStage", equalTo("PROPOSAL"))
                .body("lead.stage", equalTo("CLOSED"));

        List<ConsumerRecord<String, String>> lifecycle = SalesFixtures.salesLifecycleUntil(adas.leadId(), "closed");
        assertThat(lifecycle).hasSize(1);
        JsonNode closed = SalesFixtures.decode(lifecycle.get(0));
        assertThat(closed.path("from").asText()).isEqualTo("QUALIFIED");
        assertThat(closed.path("to").asText()).isEqualTo("CLOSED");
        assertThat(closed.path("sequence").asLong()).isEqualTo(5);
        assertThat(closed.path("details").path("outcome").asText()).isEqualTo("WON");
        assertThat(closed.path("details").path("amount").decimalValue()).isEqualByComparingTo("950");
        assertThat(closed.path("actor").path("id").asText()).isEqualTo("assistant-alan");
        assertThat(closed.path("actor").path("onBehalfOf").asText()).isEqualTo("rep-ada");

        List<ConsumerRecord<String, String>> moves = SalesFixtures.read(Topics.SALES_PIPELINE, adas.leadId(),
                found -> found.size() >= 2);
        JsonNode end = SalesFixtures.decode(moves.get(1));
        assertThat(end.path("from").asText()).isEqualTo("PROPOSAL");
        assertThat(end.path("to").asText()).isEqualTo("WON");

        // Closing an already closed opportunity (or moving it) is refused, and changes nothing.
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("outcome", "LOST", "reason", "changed mind"))
                .post("/opportunities/" + adas.opportunityId() + "/close").then().statusCode(409)
                .contentType("application/problem+json").body("type", containsString("already-closed"));
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("stage", "CLOSING"))
                .post("/opportunities/" + adas.opportunityId() + "/stage").then().statusCode(409);
        given().auth().oauth2(ADA).get("/opportunities/" + adas.opportunityId()).then().statusCode(200)
                .body("status", equalTo("WON")).body("amount", equalTo(950.0f)).body("outcomeReason", nullValue());
        given().auth().oauth2(ADA).get("/opportunities/" + adas.opportunityId() + "/stages").then()
                .body("to", equalTo(List.of("PROPOSAL", "WON")));
    }

    @Test
    void aLostOpportunityNeedsAReasonAndPublishesClosedLost() {
        SalesFixtures.Handoff graces = SalesFixtures.accepted("rep-grace");
        String close = "/opportunities/" + graces.opportunityId() + "/close";

        given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(Map.of("outcome", "LOST"))
                .post(close).then().statusCode(422).body("type", containsString("reason-required"));
        given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(Map.of("outcome", "DRAWN"))
                .post(close).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(Map.of("outcome", "WON", "amount", -5))
                .post(close).then().statusCode(422).contentType("application/problem+json");
        given().auth().oauth2(GRACE).get("/opportunities/" + graces.opportunityId()).then()
                .body("status", equalTo("OPEN")).body("amount", nullValue());

        given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(Map.of("outcome", "LOST", "reason", "went with a competitor"))
                .post(close).then().statusCode(200).body("status", equalTo("LOST"))
                .body("outcomeReason", equalTo("went with a competitor"));
        List<ConsumerRecord<String, String>> lifecycle = SalesFixtures.salesLifecycleUntil(graces.leadId(), "closed");
        assertThat(lifecycle).hasSize(1);
        JsonNode closed = SalesFixtures.decode(lifecycle.get(0));
        assertThat(closed.path("details").path("outcome").asText()).isEqualTo("LOST");
        assertThat(closed.path("reason").asText()).as("the words stay in sales").isEqualTo("lost");
        assertThat(closed.path("sequence").asLong()).isEqualTo(5);
        // A lost lead is no customer.
        given().auth().oauth2(GRACE).get("/customers/" + graces.leadId()).then().statusCode(404);
    }

    @Test
    void anOpportunityNotYetAcceptedCannotBeWorked() {
        SalesFixtures.Handoff adas = SalesFixtures.handOff("rep-ada");
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("stage", "RELATIONSHIP"))
                .post("/opportunities/" + adas.opportunityId() + "/stage").then().statusCode(409)
                .body("type", containsString("not-open")).body("status", equalTo(409))
                .body("opportunityStatus", equalTo("AWAITING_RESPONSE"));
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("outcome", "WON"))
                .post("/opportunities/" + adas.opportunityId() + "/close").then().statusCode(409);
        given().auth().oauth2(ADA).get("/opportunities/" + adas.opportunityId() + "/stages").then().statusCode(200)
                .body("$", hasSize(0));
    }
}
