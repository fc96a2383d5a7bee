package dev.baton.sales;

import dev.baton.embedded.EmbeddedPostgres;
import dev.baton.testkit.SharedInfrastructure;
import dev.baton.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static dev.baton.sales.SalesFixtures.ADA;
import static dev.baton.sales.SalesFixtures.ALAN;
import static dev.baton.sales.SalesFixtures.BARBARA;
import static dev.baton.sales.SalesFixtures.GRACE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 22, GET /me/work: a salesperson's day in one answer, for the reps the caller acts for and no one else. */
@QuarkusTest
@SalesTestResource
class MyWorkTest {

    @Test
    void aRepSeesTheirHandoffsStepsFollowUpsAndRenewalsAndOnlyTheirs() throws Exception {
        Instant now = Instant.now();
        // A handoff past the at-risk point of its window.
        String atRisk = SalesFixtures.handOff(UUID.randomUUID().toString(), "rep-ada", now.plusSeconds(600),
                Map.of("slaAtRiskAt", now.minusSeconds(60).truncatedTo(ChronoUnit.MILLIS).toString())).leadId();
        // An open opportunity with a task due yesterday (overdue), and one with nothing planned.
        SalesFixtures.Handoff stepped = SalesFixtures.accepted("rep-ada");
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("type", "TASK", "subject", "call back",
                        "dueAt", now.minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString()))
                .post("/opportunities/" + stepped.opportunityId() + "/activities").then().statusCode(201);
        SalesFixtures.Handoff idle = SalesFixtures.accepted("rep-ada");
        // A customer won almost a year ago.
        SalesFixtures.Handoff customer = SalesFixtures.won("rep-ada", 900);
        LocalDate wonOn = now.minus(350, ChronoUnit.DAYS).atOffset(ZoneOffset.UTC).toLocalDate();
        backdateWin(customer.leadId(), now.minus(350, ChronoUnit.DAYS));

        JsonPath work = given().auth().oauth2(ADA).get("/me/work").then().statusCode(200).extract().jsonPath();
        assertThat(work.getList("reps", String.class)).containsExactly("rep-ada");
        assertThat(work.getList("handoffsToAnswer.opportunity.leadId", String.class)).contains(atRisk);
        assertThat(work.getList("slaAtRisk.opportunity.leadId", String.class)).contains(atRisk);
        assertThat(work.getList("nextStepsDue.opportunityId", String.class)).contains(stepped.opportunityId())
                .doesNotContain(idle.opportunityId());
        assertThat(work.getList("unplanned.opportunityId", String.class)).contains(idle.opportunityId());
        assertThat(work.getList("overdueFollowUps.repId", String.class)).containsExactly("rep-ada");
        assertThat(work.getString("renewalsComingUp.find { it.leadId == '" + customer.leadId() + "' }.renewsOn"))
                .isEqualTo(wonOn.plusYears(1).toString());

        // An assistant sees their rep's day; a manager their team's; another rep nothing of it.
        assertThat(given().auth().oauth2(ALAN).get("/me/work").then().statusCode(200).extract().jsonPath()
                .getList("slaAtRisk.opportunity.leadId", String.class)).contains(atRisk);
        // A handoff escalated to the manager waits for the manager's own answer.
        String escalated = SalesFixtures.handOff(UUID.randomUUID().toString(), "manager-barbara",
                now.plusSeconds(600)).leadId();
        assertThat(given().auth().oauth2(BARBARA).get("/me/work").then().statusCode(200).extract().jsonPath()
                .getList("handoffsToAnswer.opportunity.leadId", String.class)).contains(atRisk, escalated);
        JsonPath graces = given().auth().oauth2(GRACE).get("/me/work").then().statusCode(200).extract().jsonPath();
        assertThat(graces.getList("handoffsToAnswer.opportunity.repId", String.class)).doesNotContain("rep-ada");
        assertThat(graces.getList("renewalsComingUp.leadId", String.class)).doesNotContain(customer.leadId());
    }

    @Test
    void onlySalespeopleHaveWork() {
        given().auth().oauth2(TestTokens.token("ops-olga", "ops")).get("/me/work").then().statusCode(403)
                .contentType("application/problem+json");
        given().get("/me/work").then().statusCode(401);
    }

    private static void backdateWin(String leadId, Instant wonAt) throws Exception {
        try (Connection db = DriverManager.getConnection(SharedInfrastructure.postgres().jdbcUrl("sales"),
                EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
                PreparedStatement update = db.prepareStatement("UPDATE customer SET won_at = ? WHERE lead_id = ?")) {
            update.setObject(1, wonAt.atOffset(ZoneOffset.UTC));
            update.setObject(2, UUID.fromString(leadId));
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
