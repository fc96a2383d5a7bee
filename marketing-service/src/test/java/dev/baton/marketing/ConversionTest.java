package dev.baton.marketing;

import dev.baton.contract.Topics;
import dev.baton.testkit.SharedInfrastructure;
import dev.baton.testkit.TestTokens;
import dev.baton.testkit.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@MarketingTestResource
class ConversionTest {

    private static final String MARKETER = TestTokens.token("marketer-mia", "marketer");

    @Test
    void aConversionStitchesTheVisitorsAnonymousEngagementAndPublishesIdentified() {
        String visitor = "visitor-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(MARKETER).contentType(ContentType.JSON)
                    .body(Map.of("eventId", visitor + "-view-" + i, "visitorId", visitor, "type", "PAGE_VIEW",
                            "occurredAt", Instant.now().toString()))
                    .post("/engagements")
                    .then().statusCode(202).body("status", equalTo("RECORDED"));
        }
        String email = "ada-" + UUID.randomUUID() + "@example.com";

        String leadId = given().auth().oauth2(MARKETER).contentType(ContentType.JSON)
                .body(Map.of("visitorId", visitor, "email", "  " + email.toUpperCase() + " ", "kind", "FORM", "consent", true))
                .post("/conversions")
                .then().statusCode(201)
                .header("Location", notNullValue())
                .body("stage", equalTo("KNOWN"))
                .extract().path("leadId");

        given().auth().oauth2(MARKETER).get("/leads/" + leadId)
                .then().statusCode(200)
                .body("stage", equalTo("KNOWN"))
                .body("owner", equalTo("MARKETING"))
                .body("email", equalTo(email))
                .body("visitorIds", hasItem(visitor))
                .body("engagementCount", equalTo(3));

        List<ConsumerRecord<String, String>> events = TopicReader.readUntil(
                SharedInfrastructure.kafka().bootstrapServers(), Topics.LIFECYCLE,
                r -> leadId.equals(r.key()), found -> !found.isEmpty(), Duration.ofSeconds(20));
        assertThat(events).hasSize(1);
        ConsumerRecord<String, String> identified = events.get(0);
        assertThat(TopicReader.header(identified, "ce_type")).isEqualTo("dev.baton.lead.identified.v1");
        assertThat(TopicReader.header(identified, "ce_specversion")).isEqualTo("1.0");
        assertThat(TopicReader.header(identified, "ce_subject")).isEqualTo(leadId);
        assertThat(TopicReader.header(identified, "ce_source")).isEqualTo("/baton/marketing-service");
        assertThat(identified.value()).contains("\"from\":\"ANONYMOUS\"", "\"to\":\"KNOWN\"", "\"sequence\":1");
    }

    @Test
    void laterEngagementOfAStitchedVisitorCountsForItsLeadAndANewVisitorIsRememberedForItsConversion() {
        String known = "visitor-" + UUID.randomUUID();
        String leadId = convertVisitor(known);
        String unseen = "visitor-" + UUID.randomUUID();

        given().auth().oauth2(MARKETER).contentType(ContentType.JSON)
                .body(List.of(Map.of("eventId", known + "-later", "visitorId", known, "type", "PAGE_VIEW",
                                "occurredAt", Instant.now().toString()),
                        Map.of("eventId", unseen + "-first", "visitorId", unseen, "type", "PAGE_VIEW",
                                "occurredAt", Instant.now().toString())))
                .post("/engagements/batch")
                .then().statusCode(202)
                .body("results.status", org.hamcrest.Matchers.contains("RECORDED", "RECORDED"));

        given().auth().oauth2(MARKETER).get("/leads/" + leadId)
                .then().statusCode(200).body("engagementCount", equalTo(1));
        String secondLead = convertVisitor(unseen);
        given().auth().oauth2(MARKETER).get("/leads/" + secondLead)
                .then().statusCode(200).body("visitorIds", hasItem(unseen)).body("engagementCount", equalTo(1));
    }

    private static String convertVisitor(String visitor) {
        return given().auth().oauth2(MARKETER).contentType(ContentType.JSON)
                .body(Map.of("visitorId", visitor, "email", visitor + "@example.com", "kind", "FORM", "consent", true))
                .post("/conversions")
                .then().statusCode(201)
                .extract().path("leadId");
    }

    @Test
    void theSameEmailInAnotherCaseConvertsToTheSameLead() {
        String email = "Grace." + UUID.randomUUID() + "@Example.COM";
        String first = given().auth().oauth2(MARKETER).contentType(ContentType.JSON)
                .body(Map.of("email", email, "kind", "NEWSLETTER", "consent", false))
                .post("/conversions").then().statusCode(201).extract().path("leadId");

        given().auth().oauth2(MARKETER).contentType(ContentType.JSON)
                .body(Map.of("email", "  " + email.toLowerCase() + "\t", "kind", "TRIAL", "consent", true))
                .post("/conversions")
                .then().statusCode(200).body("leadId", equalTo(first)).body("stage", equalTo("KNOWN"));
    }

    @Test
    void anInvalidEmailIs422AndCreatesNothing() {
        given().auth().oauth2(MARKETER).contentType(ContentType.JSON)
                .body(Map.of("email", "not-an-email", "kind", "FORM", "consent", true))
                .post("/conversions")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("status", equalTo(422))
                .body("detail", org.hamcrest.Matchers.containsString("not a valid email"));
    }

    @Test
    void withoutATokenTheCallIs401ProblemJson() {
        given().contentType(ContentType.JSON)
                .body(Map.of("email", "x@example.com", "kind", "FORM", "consent", true))
                .post("/conversions")
                .then().statusCode(401).contentType("application/problem+json");
    }
}
