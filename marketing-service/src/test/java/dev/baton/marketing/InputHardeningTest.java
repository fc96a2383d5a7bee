package dev.baton.marketing;

import dev.baton.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

/** Bad input gets a clear problem+json answer and changes nothing. */
@QuarkusTest
@MarketingTestResource
class InputHardeningTest {

    private static final String MARKETER = TestTokens.token("marketer-mia", "marketer");

    @Test
    void aClientCannotSetProtectedFields() {
        String email = "mass-" + UUID.randomUUID() + "@example.com";
        for (String field : List.of("stage", "owner", "score", "repId", "leadId", "createdAt")) {
            Map<String, Object> body = new HashMap<>(Map.of("email", email, "kind", "FORM", "consent", true));
            body.put(field, field.equals("score") ? 100 : "CLOSED");
            given().auth().oauth2(MARKETER).contentType(ContentType.JSON).body(body).post("/conversions")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("detail", containsString("'" + field + "' cannot be set by a client"));
        }
        // None of them created the lead: the first clean conversion does.
        given().auth().oauth2(MARKETER).contentType(ContentType.JSON)
                .body(Map.of("email", email, "kind", "FORM", "consent", true)).post("/conversions")
                .then().statusCode(201).body("stage", equalTo("KNOWN"));
    }

    @Test
    void anOversizeBodyIs413AndAnOverlongFieldIs422() {
        String huge = "x".repeat(1_100_000);
        given().auth().oauth2(MARKETER).contentType(ContentType.JSON)
                .body("{\"email\":\"a@example.com\",\"kind\":\"FORM\",\"consent\":true,\"visitorId\":\"" + huge + "\"}")
                .post("/conversions")
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
        given().auth().oauth2(MARKETER).contentType(ContentType.JSON)
                .body(Map.of("email", "a@example.com", "kind", "FORM", "consent", true, "visitorId", "v".repeat(500)))
                .post("/conversions")
                .then().statusCode(422).contentType("application/problem+json")
                .body("violations.field", hasItems("visitorId"));
    }

    @Test
    void anUnknownEngagementTypeIs400ListingTheAllowedOnes() {
        given().auth().oauth2(MARKETER).contentType(ContentType.JSON)
                .body(Map.of("eventId", UUID.randomUUID().toString(), "visitorId", "v-1", "type", "TELEPATHY",
                        "occurredAt", Instant.now().toString()))
                .post("/engagements")
                .then().statusCode(400).contentType("application/problem+json")
                .body("allowed", hasItems("PAGE_VIEW", "EMAIL_OPEN", "EMAIL_CLICK", "CONTENT_DOWNLOAD",
                        "WEBINAR_ATTENDED", "AD_CLICK"));
    }

    @Test
    void anEngagementWithoutVisitorOrLeadIs400() {
        given().auth().oauth2(MARKETER).contentType(ContentType.JSON)
                .body(Map.of("eventId", UUID.randomUUID().toString(), "type", "PAGE_VIEW",
                        "occurredAt", Instant.now().toString()))
                .post("/engagements")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("visitorId or leadId"));
    }

    @Test
    void theSameEngagementTwiceIsAcceptedAndCountedOnce() {
        String leadId = given().auth().oauth2(MARKETER).contentType(ContentType.JSON)
                .body(Map.of("email", "twice-" + UUID.randomUUID() + "@example.com", "kind", "FORM", "consent", true))
                .post("/conversions").then().statusCode(201).extract().path("leadId");
        Map<String, Object> event = Map.of("eventId", "twice-" + UUID.randomUUID(), "leadId", leadId,
                "type", "EMAIL_OPEN", "occurredAt", Instant.now().toString());
        given().auth().oauth2(MARKETER).contentType(ContentType.JSON).body(event).post("/engagements")
                .then().statusCode(202).body("status", equalTo("RECORDED"));
        given().auth().oauth2(MARKETER).contentType(ContentType.JSON).body(event).post("/engagements")
                .then().statusCode(202).body("status", equalTo("DUPLICATE"));
        given().auth().oauth2(MARKETER).get("/leads/" + leadId).then().body("engagementCount", equalTo(1));
    }

    @Test
    void aBatchAnswersPerItemAndMoreThanAThousandIs413() {
        String visitor = "batch-" + UUID.randomUUID();
        List<Map<String, Object>> batch = new ArrayList<>();
        batch.add(Map.of("eventId", visitor + "-1", "visitorId", visitor, "type", "PAGE_VIEW", "occurredAt", Instant.now().toString()));
        batch.add(Map.of("eventId", visitor + "-1", "visitorId", visitor, "type", "PAGE_VIEW", "occurredAt", Instant.now().toString()));
        batch.add(Map.of("eventId", visitor + "-2", "type", "AD_CLICK", "occurredAt", Instant.now().toString()));
        batch.add(Map.of("eventId", visitor + "-3", "leadId", UUID.randomUUID().toString(), "type", "AD_CLICK",
                "occurredAt", Instant.now().toString()));
        given().auth().oauth2(MARKETER).contentType(ContentType.JSON).body(batch).post("/engagements/batch")
                .then().statusCode(202)
                .body("results", hasSize(4))
                .body("results.status", org.hamcrest.Matchers.contains("RECORDED", "DUPLICATE", "REJECTED", "REJECTED"));

        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(Map.of("eventId", visitor + "-many-" + i, "visitorId", visitor, "type", "PAGE_VIEW",
                    "occurredAt", Instant.now().toString()));
        }
        given().auth().oauth2(MARKETER).contentType(ContentType.JSON).body(tooMany).post("/engagements/batch")
                .then().statusCode(413).contentType("application/problem+json").body("maxItems", equalTo(1000));
    }

    @Test
    void errorsNeverLeakInternals() {
        given().auth().oauth2(MARKETER).contentType(ContentType.JSON).body("{\"email\": [1,2,").post("/conversions")
                .then().statusCode(400).contentType("application/problem+json")
                .body(not(containsString("Exception"))).body(not(containsString("jackson")));
        given().auth().oauth2(MARKETER).get("/no/such/path").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(MARKETER).get("/leads/not-a-uuid").then().statusCode(404)
                .contentType("application/problem+json");
    }
}
