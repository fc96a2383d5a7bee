package dev.baton.sales;

import dev.baton.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static dev.baton.sales.SalesFixtures.ADA;
import static dev.baton.sales.SalesFixtures.BARBARA;
import static dev.baton.sales.SalesFixtures.LINUS;
import static dev.baton.sales.SalesFixtures.OPS;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * Point 7, reports: pipeline value by stage, win rate, average cycle time, activities per rep, SLA compliance per rep.
 * The test owns team-reports (reps rosa and ravi, manager rita; test configuration), so its figures are exact.
 */
@QuarkusTest
@SalesTestResource
class ReportTest {

    private static final String ROSA = SalesFixtures.rep("rep-rosa");
    private static final String RAVI = SalesFixtures.rep("rep-ravi");
    private static final String RITA = TestTokens.token("manager-rita", "sales-manager");

    @Test
    void aManagerSeesTheirTeamsPipelineWinRateCycleTimeActivitiesAndSlaCompliance() {
        // rosa: one in proposal, one won, one lost, each accepted in time
        SalesFixtures.Handoff proposal = SalesFixtures.accepted("rep-rosa");
        move(ROSA, proposal, "PROPOSAL", 1000);
        SalesFixtures.Handoff won = SalesFixtures.accepted("rep-rosa");
        close(ROSA, won, Map.of("outcome", "WON", "amount", 5000));
        SalesFixtures.Handoff lost = SalesFixtures.accepted("rep-rosa");
        close(ROSA, lost, Map.of("outcome", "LOST", "reason", "no budget this year"));
        activity(ROSA, proposal, Map.of("type", "CALL"));
        activity(ROSA, proposal, Map.of("type", "CALL"));
        activity(ROSA, proposal, Map.of("type", "TASK", "subject", "follow up", "dueAt",
                Instant.now().plus(1, ChronoUnit.DAYS).toString()));
        // ravi: one in relationship (accepted in time), one never answered past its SLA, one still within it
        SalesFixtures.Handoff relationship = SalesFixtures.accepted("rep-ravi");
        move(RAVI, relationship, "RELATIONSHIP", 300);
        activity(RAVI, relationship, Map.of("type", "EMAIL"));
        SalesFixtures.handOff("rep-ravi", Instant.now().minus(1, ChronoUnit.HOURS));
        SalesFixtures.handOff("rep-ravi", Instant.now().plus(4, ChronoUnit.HOURS));

        String rosa = "reps.find { it.repId == 'rep-rosa' }";
        String ravi = "reps.find { it.repId == 'rep-ravi' }";
        given().auth().oauth2(RITA).get("/reports/pipeline").then().statusCode(200)
                .body("scope", equalTo("team-reports"))
                .body("pipeline.stage", equalTo(List.of("FOLLOW_UP", "RELATIONSHIP", "PROPOSAL", "CLOSING")))
                .body("pipeline.count", equalTo(List.of(0, 1, 1, 0)))
                .body("pipeline.amount", equalTo(List.of(0.0f, 300.0f, 1000.0f, 0.0f)))
                .body("open.count", equalTo(2)).body("open.amount", equalTo(1300.0f))
                .body("outcomes.won", equalTo(1)).body("outcomes.lost", equalTo(1))
                .body("outcomes.winRate", equalTo(0.5f)).body("outcomes.wonAmount", equalTo(5000.0f))
                .body("outcomes.averageCycleDays", notNullValue())
                .body("outcomes.averageCycleDays", greaterThanOrEqualTo(0.0f))
                .body("reps.repId", equalTo(List.of("rep-ravi", "rep-rosa")))
                .body(rosa + ".won", equalTo(1)).body(rosa + ".lost", equalTo(1))
                .body(rosa + ".activities.CALL", equalTo(2)).body(rosa + ".activities.TASK", equalTo(1))
                .body(rosa + ".activities.MEETING", equalTo(0)).body(rosa + ".activityTotal", equalTo(3))
                .body(rosa + ".sla.met", equalTo(3)).body(rosa + ".sla.breached", equalTo(0))
                .body(rosa + ".sla.compliance", equalTo(1.0f))
                .body(ravi + ".activities.EMAIL", equalTo(1)).body(ravi + ".activityTotal", equalTo(1))
                .body(ravi + ".sla.met", equalTo(1)).body(ravi + ".sla.breached", equalTo(1))
                .body(ravi + ".sla.pending", equalTo(1)).body(ravi + ".sla.compliance", equalTo(0.5f));

        // A period with nothing in it: no closes, no activities; the pipeline is the current one.
        given().auth().oauth2(RITA).queryParam("from", "2000-01-01").queryParam("to", "2000-01-31")
                .get("/reports/pipeline").then().statusCode(200)
                .body("from", equalTo("2000-01-01")).body("open.count", equalTo(2))
                .body("outcomes.won", equalTo(0)).body("outcomes.winRate", nullValue())
                .body("outcomes.averageCycleDays", nullValue()).body(rosa + ".activityTotal", equalTo(0));

        // Other managers see their own team only; ops sees everyone.
        given().auth().oauth2(BARBARA).get("/reports/pipeline").then().statusCode(200)
                .body("scope", equalTo("team-north")).body("reps.repId", not(hasItem("rep-rosa")))
                .body("reps.repId", hasItem("rep-ada"));
        given().auth().oauth2(LINUS).get("/reports/pipeline").then().statusCode(200)
                .body("scope", equalTo("team-south")).body("reps.repId", not(hasItem("rep-ravi")));
        given().auth().oauth2(OPS).get("/reports/pipeline").then().statusCode(200)
                .body("scope", equalTo("all")).body("reps.repId", hasItem("rep-rosa")).body("reps.repId", hasItem("rep-ada"));
    }

    @Test
    void repsCannotReadReportsAndBadPeriodsAreRefused() {
        given().auth().oauth2(ADA).get("/reports/pipeline").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.token("manager-nobody", "sales-manager")).get("/reports/pipeline").then()
                .statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(RITA).queryParam("from", "last week").get("/reports/pipeline").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(RITA).queryParam("from", "2026-02-01").queryParam("to", "2026-01-01")
                .get("/reports/pipeline").then().statusCode(422);
    }

    private static void move(String token, SalesFixtures.Handoff handoff, String stage, int amount) {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("stage", stage, "amount", amount))
                .post("/opportunities/" + handoff.opportunityId() + "/stage").then().statusCode(200);
    }

    private static void close(String token, SalesFixtures.Handoff handoff, Map<String, Object> body) {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/opportunities/" + handoff.opportunityId() + "/close").then().statusCode(200);
    }

    private static void activity(String token, SalesFixtures.Handoff handoff, Map<String, Object> body) {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/opportunities/" + handoff.opportunityId() + "/activities").then().statusCode(201);
    }
}
