package dev.baton.sales;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static dev.baton.sales.SalesFixtures.ADA;
import static dev.baton.sales.SalesFixtures.ALAN;
import static dev.baton.sales.SalesFixtures.BARBARA;
import static dev.baton.sales.SalesFixtures.GRACE;
import static dev.baton.sales.SalesFixtures.LINUS;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * Point 4: calls, emails, meetings/appointments (start and end), proposals (amount) and tasks (due date), each
 * recording who did it for which rep; the next step of every open opportunity; overdue follow-ups per rep; and the bad
 * input that changes nothing.
 */
@QuarkusTest
@SalesTestResource
class ActivityTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void everyActivityTypeIsRecordedWithTheActorAndTheRepItWasDoneFor() {
        SalesFixtures.Handoff adas = SalesFixtures.accepted("rep-ada");
        String activities = "/opportunities/" + adas.opportunityId() + "/activities";

        given().auth().oauth2(ALAN).contentType(ContentType.JSON).body(Map.of("type", "CALL", "subject", "first call",
                        "notes", "interested in the premium plan"))
                .post(activities).then().statusCode(201).body("type", equalTo("CALL"))
                .body("actorId", equalTo("assistant-alan")).body("repId", equalTo("rep-ada"));
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("type", "EMAIL", "subject", "brochure"))
                .post(activities).then().statusCode(201).body("actorId", equalTo("rep-ada"));
        given().auth().oauth2(ALAN).contentType(ContentType.JSON).body(Map.of("type", "APPOINTMENT", "subject", "demo",
                        "startsAt", NOW.plus(2, ChronoUnit.DAYS).toString(),
                        "endsAt", NOW.plus(2, ChronoUnit.DAYS).plus(1, ChronoUnit.HOURS).toString()))
                .post(activities).then().statusCode(201).body("startsAt", notNullValue()).body("endsAt", notNullValue());
        given().auth().oauth2(ADA).contentType(ContentType.JSON).body(Map.of("type", "MEETING",
                        "startsAt", NOW.plus(3, ChronoUnit.DAYS).toString(),
                        "endsAt", NOW.plus(3, ChronoUnit.DAYS).plus(30, ChronoUnit.MINUTES).toString()))
                .post(activities).then().statusCode(201);
        given().auth().oauth2(ALAN).contentType(ContentType.JSON).body(Map.of("type", "PROPOSAL", "amount", 4200.5))
                .post(activities).then().statusCode(201).body("amount", equalTo(4200.5f));
        given().auth().oauth2(ALAN).contentType(ContentType.JSON).body(Map.of("type", "TASK", "subject", "send the contract",
                        "dueAt", NOW.plus(1, ChronoUnit.DAYS).toString()))
                .post(activities).then().statusCode(201).body("dueAt", equalTo(NOW.plus(1, ChronoUnit.DAYS).toString()))
                .body("completedAt", nullValue());

        given().auth().oauth2(ADA).get(activities).then().statusCode(200).body("$", hasSize(6))
                .body("type", equalTo(List.of("CALL", "EMAIL", "APPOINTMENT", "MEETING", "PROPOSAL", "TASK")))
                .body("actorId", equalTo(List.of("assistant-alan", "rep-ada", "assistant-alan", "rep-ada",
                        "assistant-alan", "assistant-alan")))
                .body("repId", everyItem(equalTo("rep-ada")))
                .body("[0].notes", equalTo("interested in the premium plan"));
        // The proposal's amount is the opportunity's value.
        given().auth().oauth2(ADA).get("/opportunities/" + adas.opportunityId()).then().body("amount", equalTo(4200.5f));
    }

    @Test
    void badActivitiesAreRefusedWithProblemDetailsAndChangeNothing() {
        SalesFixtures.Handoff graces = SalesFixtures.accepted("rep-grace");
        String activities = "/opportunities/" + graces.opportunityId() + "/activities";

        given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(Map.of("type", "CARRIER_PIGEON"))
                .post(activities).then().statusCode(400).contentType("application/problem+json")
                .body("allowed", hasItem("MEETING"));
        given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(Map.of("type", "MEETING",
                        "startsAt", NOW.plus(1, ChronoUnit.DAYS).toString(), "endsAt", NOW.toString()))
                .post(activities).then().statusCode(422).contentType("application/problem+json")
                .body("type", containsString("end-before-start"));
        given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(Map.of("type", "MEETING",
                        "startsAt", NOW.plus(1, ChronoUnit.DAYS).toString()))
                .post(activities).then().statusCode(422).body("type", containsString("field-required"));
        given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(Map.of("type", "PROPOSAL", "amount", -10))
                .post(activities).then().statusCode(422).contentType("application/problem+json")
                .body("violations[0].field", equalTo("amount"));
        given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(Map.of("type", "PROPOSAL"))
                .post(activities).then().statusCode(422).body("type", containsString("field-required"));
        given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(Map.of("type", "TASK", "subject", "call back"))
                .post(activities).then().statusCode(422).body("detail", containsString("dueAt"));
        given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(Map.of("type", "CALL", "amount", 10))
                .post(activities).then().statusCode(422).body("type", containsString("field-not-applicable"));
        given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(Map.of("type", "CALL", "actorId", "rep-ada"))
                .post(activities).then().statusCode(400).body("type", containsString("unknown-field"));
        given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(Map.of("type", "EMAIL", "startsAt", "yesterday"))
                .post(activities).then().statusCode(400).contentType("application/problem+json");

        given().auth().oauth2(GRACE).get(activities).then().statusCode(200).body("$", hasSize(0));
        given().auth().oauth2(GRACE).get("/opportunities/" + graces.opportunityId()).then().body("amount", nullValue());
    }

    @Test
    void everyOpenOpportunityShowsItsNextStepAndOnlyToThoseWhoMaySeeIt() {
        SalesFixtures.Handoff planned = SalesFixtures.accepted("rep-grace");
        SalesFixtures.Handoff unplanned = SalesFixtures.accepted("rep-grace");
        String activities = "/opportunities/" + planned.opportunityId() + "/activities";
        given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(Map.of("type", "MEETING", "subject", "workshop",
                        "startsAt", NOW.plus(2, ChronoUnit.DAYS).toString(),
                        "endsAt", NOW.plus(2, ChronoUnit.DAYS).plus(2, ChronoUnit.HOURS).toString()))
                .post(activities).then().statusCode(201);
        String taskId = given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(Map.of("type", "TASK",
                        "subject", "prepare the workshop", "dueAt", NOW.plus(1, ChronoUnit.DAYS).toString()))
                .post(activities).then().statusCode(201).extract().path("activityId");
        given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(Map.of("type", "CALL"))
                .post(activities).then().statusCode(201); // done, not a step ahead

        String mine = "find { it.opportunityId == '%s' }";
        given().auth().oauth2(GRACE).get("/opportunities/next-steps").then().statusCode(200)
                .body(mine.formatted(planned.opportunityId()) + ".nextStep.type", equalTo("TASK"))
                .body(mine.formatted(planned.opportunityId()) + ".nextStep.subject", equalTo("prepare the workshop"))
                .body(mine.formatted(planned.opportunityId()) + ".nextStep.overdue", equalTo(false))
                .body(mine.formatted(unplanned.opportunityId()) + ".nextStep", nullValue())
                .body(mine.formatted(unplanned.opportunityId()) + ".repId", equalTo("rep-grace"));

        // Done, the task is no longer the next step: the meeting is.
        given().auth().oauth2(GRACE).contentType(ContentType.JSON)
                .post(activities + "/" + taskId + "/complete").then().statusCode(200).body("completedBy", equalTo("rep-grace"));
        given().auth().oauth2(BARBARA).queryParam("repId", "rep-grace").get("/opportunities/next-steps").then()
                .statusCode(200).body("repId", everyItem(equalTo("rep-grace")))
                .body(mine.formatted(planned.opportunityId()) + ".nextStep.type", equalTo("MEETING"));

        // Another rep, or their assistant, does not see grace's; asking for her explicitly is refused.
        given().auth().oauth2(ADA).get("/opportunities/next-steps").then().statusCode(200)
                .body("opportunityId", not(hasItem(planned.opportunityId())));
        given().auth().oauth2(ALAN).get("/opportunities/next-steps").then().statusCode(200)
                .body("repId", everyItem(equalTo("rep-ada")));
        given().auth().oauth2(ADA).queryParam("repId", "rep-grace").get("/opportunities/next-steps").then()
                .statusCode(403).contentType("application/problem+json");
    }

    @Test
    void overdueFollowUpsAreListedPerRepUntilDone() {
        SalesFixtures.Handoff graces = SalesFixtures.accepted("rep-grace");
        SalesFixtures.Handoff adas = SalesFixtures.accepted("rep-ada");
        String gracesActivities = "/opportunities/" + graces.opportunityId() + "/activities";
        String late = given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(Map.of("type", "TASK",
                        "subject", "call back about pricing", "dueAt", NOW.minus(2, ChronoUnit.DAYS).toString()))
                .post(gracesActivities).then().statusCode(201).extract().path("activityId");
        given().auth().oauth2(GRACE).contentType(ContentType.JSON).body(Map.of("type", "TASK",
                        "subject", "send the case study", "dueAt", NOW.plus(2, ChronoUnit.DAYS).toString()))
                .post(gracesActivities).then().statusCode(201);
        String adasLate = given().auth().oauth2(ALAN).contentType(ContentType.JSON).body(Map.of("type", "TASK",
                        "subject", "book the demo", "dueAt", NOW.minus(1, ChronoUnit.HOURS).toString()))
                .post("/opportunities/" + adas.opportunityId() + "/activities").then().statusCode(201)
                .extract().path("activityId");

        String grace = "find { it.repId == 'rep-grace' }";
        String ada = "find { it.repId == 'rep-ada' }";
        // The manager sees their team, grouped per rep.
        given().auth().oauth2(BARBARA).get("/follow-ups/overdue").then().statusCode(200)
                .body(grace + ".teamId", equalTo("team-north"))
                .body(grace + ".followUps.activityId", hasItem(late))
                .body(grace + ".followUps.subject", not(hasItem("send the case study")))
                .body(grace + ".followUps.find { it.activityId == '" + late + "' }.opportunityId",
                        equalTo(graces.opportunityId()))
                .body(ada + ".followUps.activityId", hasItem(adasLate));
        // A rep sees their own only; the other team's manager sees none of them.
        given().auth().oauth2(GRACE).get("/follow-ups/overdue").then().statusCode(200)
                .body("repId", everyItem(equalTo("rep-grace")));
        given().auth().oauth2(LINUS).get("/follow-ups/overdue").then().statusCode(200)
                .body("repId", not(hasItem("rep-grace"))).body("repId", not(hasItem("rep-ada")));
        given().auth().oauth2(ALAN).queryParam("repId", "rep-grace").get("/follow-ups/overdue").then().statusCode(403);

        given().auth().oauth2(GRACE).contentType(ContentType.JSON).post(gracesActivities + "/" + late + "/complete")
                .then().statusCode(200);
        given().auth().oauth2(GRACE).get("/follow-ups/overdue").then().statusCode(200)
                .body("followUps.flatten().activityId", not(hasItem(late)));
    }
}
