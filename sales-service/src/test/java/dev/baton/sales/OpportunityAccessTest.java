package dev.baton.sales;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contract.Json;
import dev.baton.contract.Topics;
import dev.baton.testkit.SharedInfrastructure;
import dev.baton.testkit.TestTokens;
import dev.baton.testkit.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * Object-level rules with two reps (ada, grace), an assistant of ada's (alan), the manager of their team (barbara)
 * and the manager of another team (linus).
 */
@QuarkusTest
@SalesTestResource
class OpportunityAccessTest {

    private static final String ADA = TestTokens.token("rep-ada", "sales-rep");
    private static final String GRACE = TestTokens.token("rep-grace", "sales-rep");
    private static final String ALAN = TestTokens.token("assistant-alan", "sales-assistant");
    private static final String BARBARA = TestTokens.token("manager-barbara", "sales-manager");
    private static final String LINUS = TestTokens.token("manager-linus", "sales-manager");

    @Test
    void aRepSeesAndAnswersOnlyTheirOwnOpportunities() {
        SalesFixtures.Handoff adas = SalesFixtures.handOff("rep-ada");
        SalesFixtures.Handoff graces = SalesFixtures.handOff("rep-grace");

        given().auth().oauth2(ADA).get("/opportunities/" + adas.opportunityId()).then().statusCode(200)
                .body("repId", equalTo("rep-ada"));
        given().auth().oauth2(ADA).get("/opportunities/" + graces.opportunityId()).then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(ADA).queryParam("leadId", graces.leadId()).get("/opportunities").then().statusCode(200)
                .body("$", hasSize(0));

        given().auth().oauth2(GRACE).contentType(ContentType.JSON).post("/opportunities/" + adas.opportunityId() + "/accept")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(Map.of("reason", "NO_FIT"))
                .post("/opportunities/" + adas.opportunityId() + "/reject").then().statusCode(403);
        // Nothing changed: the refused answers left the opportunity waiting, with no answer on its way.
        given().auth().oauth2(ADA).get("/opportunities/" + adas.opportunityId()).then().statusCode(200)
                .body("status", equalTo("AWAITING_RESPONSE")).body("responsePending", nullValue());
    }

    @Test
    void anAssistantActsForTheRepTheyAssistAndTheResponseRecordsBoth() {
        SalesFixtures.Handoff adas = SalesFixtures.handOff("rep-ada");
        SalesFixtures.Handoff graces = SalesFixtures.handOff("rep-grace");

        given().auth().oauth2(ALAN).contentType(ContentType.JSON).post("/opportunities/" + adas.opportunityId() + "/accept")
                .then().statusCode(202).body("responsePending", equalTo("ACCEPT"));
        given().auth().oauth2(ALAN).contentType(ContentType.JSON).post("/opportunities/" + graces.opportunityId() + "/accept")
                .then().statusCode(403);

        List<ConsumerRecord<String, String>> responses = TopicReader.readUntil(
                SharedInfrastructure.kafka().bootstrapServers(), Topics.SALES_RESPONSES,
                r -> adas.leadId().equals(r.key()), found -> !found.isEmpty(), Duration.ofSeconds(30));
        assertThat(responses).hasSize(1);
        JsonNode response = read(responses.get(0).value());
        assertThat(response.path("decision").asText()).isEqualTo("ACCEPT");
        assertThat(response.path("repId").asText()).isEqualTo("rep-ada");
        assertThat(response.path("actor").path("id").asText()).isEqualTo("assistant-alan");
        assertThat(response.path("actor").path("onBehalfOf").asText()).isEqualTo("rep-ada");
    }

    @Test
    void aManagerActsOnTheirTeamOnlyAndOpsReadsEverything() {
        SalesFixtures.Handoff graces = SalesFixtures.handOff("rep-grace");

        given().auth().oauth2(BARBARA).get("/opportunities/" + graces.opportunityId()).then().statusCode(200);
        given().auth().oauth2(BARBARA).queryParam("leadId", graces.leadId()).get("/opportunities").then().statusCode(200)
                .body("$", hasSize(1));
        given().auth().oauth2(LINUS).get("/opportunities/" + graces.opportunityId()).then().statusCode(403)
                .body("detail", containsString("your own leads"));
        given().auth().oauth2(LINUS).contentType(ContentType.JSON)
                .post("/opportunities/" + graces.opportunityId() + "/accept").then().statusCode(403);
        given().auth().oauth2(SalesFixtures.OPS).get("/opportunities/" + graces.opportunityId()).then().statusCode(200);
        given().auth().oauth2(BARBARA).contentType(ContentType.JSON)
                .post("/opportunities/" + graces.opportunityId() + "/accept").then().statusCode(202);
    }

    @Test
    void anUnknownOpportunityIs404() {
        given().auth().oauth2(ADA).get("/opportunities/" + java.util.UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
