package dev.baton.marketing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contract.Stage;
import dev.baton.testkit.PersonalDataScan;
import dev.baton.testkit.SharedInfrastructure;
import dev.baton.testkit.TestEvents;
import dev.baton.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.baton.marketing.MarketingFixtures.asMarketer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * Issue 21, erasure as marketing leads it: the person named by an email (two merged leads) loses every trace in
 * marketing's tables and on the topics marketing writes, the figures' rows stay, the erasure waits for the other
 * services' confirmations, and the same email later converts only as a new lead.
 */
@QuarkusTest
@MarketingTestResource
class ErasureTest {

    private static final String PRIVACY = TestTokens.token("privacy-paula", "privacy-officer");

    private static RequestSpecification asPrivacyOfficer() {
        return given().auth().oauth2(PRIVACY).contentType(ContentType.JSON);
    }

    @Test
    void anErasedPersonLeavesNoTraceInMarketingAndTheFiguresStay() throws Exception {
        String canary = "canary" + UUID.randomUUID().toString().replace("-", "");
        String email = canary + "@example.com";
        String device = "device-" + canary;
        for (int i = 0; i < 3; i++) {
            asMarketer().body(Map.of("eventId", UUID.randomUUID().toString(), "visitorId", device, "type", "PAGE_VIEW",
                    "occurredAt", Instant.now().toString(), "properties", Map.of("page", "/pricing")))
                    .post("/engagements").then().statusCode(202);
        }
        String survivor = asMarketer().body(Map.of("email", email, "kind", "FORM", "consent", true,
                        "visitorId", device, "name", "Ada " + canary, "company", canary + " Ltd", "country", "FR",
                        "clientIp", "203.0.113.77", "userAgent", "Agent/" + canary))
                .post("/conversions").then().statusCode(201).extract().path("leadId");
        String duplicate = asMarketer().body(Map.of("email", "home-" + email, "kind", "NEWSLETTER", "consent", true,
                "visitorId", "phone-" + canary)).post("/conversions").then().statusCode(201).extract().path("leadId");
        asMarketer().body(Map.of("channel", "PHONE", "granted", false, "source", "call with " + canary))
                .put("/leads/" + survivor + "/consent").then().statusCode(200);
        asMarketer().body(Map.of("duplicateLeadId", duplicate, "reason", "same person as " + canary))
                .post("/leads/" + survivor + "/merge").then().statusCode(200);
        asMarketer().body(Map.of("reason", "asked for a demo, said " + canary)).post("/leads/" + survivor + "/qualify")
                .then().statusCode(200).body("stage", equalTo("QUALIFIED"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !MarketingFixtures.lifecycleEvents(survivor, "qualified", 1)
                .isEmpty());
        assertThat(PersonalDataScan.rowsContaining(SharedInfrastructure.postgres(), "marketing", canary))
                .as("the canary was recorded").containsKeys("public.lead", "public.visitor", "public.lead_note");
        List<String> figuresBefore = figures(survivor, duplicate);

        String erasureId = asPrivacyOfficer().body(Map.of("email", "  " + email.toUpperCase() + " "))
                .post("/privacy/erasures").then().statusCode(202)
                .body("status", equalTo("PENDING"))
                .body("leadIds", containsInAnyOrder(survivor, duplicate))
                .body("requestedBy", equalTo("privacy-paula"))
                .body("services.find { it.service == 'marketing-service' }.state", equalTo("ERASED"))
                .body("services.find { it.service == 'sales-service' }.state", equalTo("PENDING"))
                .extract().path("erasureId");

        asMarketer().get("/leads/" + survivor).then().statusCode(404);
        asMarketer().get("/leads/" + duplicate).then().statusCode(404);
        asMarketer().body(Map.of()).post("/leads/" + survivor + "/qualify").then().statusCode(404);
        asMarketer().body(Map.of("eventId", UUID.randomUUID().toString(), "leadId", survivor, "type", "PAGE_VIEW",
                "occurredAt", Instant.now().toString())).post("/engagements").then().statusCode(404);
        assertThat(PersonalDataScan.rowsContaining(SharedInfrastructure.postgres(), "marketing", canary)).isEmpty();
        assertThat(figures(survivor, duplicate)).as("ids, stages and times stay").isEqualTo(figuresBefore);
        for (String leadId : List.of(survivor, duplicate)) {
            JsonNode erased = MarketingFixtures.lifecycleEvents(leadId, "erased", 1).get(0);
            assertThat(erased.path("details").path("erasureId").asText()).isEqualTo(erasureId);
            assertThat(erased.path("actor").path("id").asText()).isEqualTo("privacy-paula");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> MarketingFixtures.lifecycleEvents(duplicate, "erased", 1)
                .size() == 1);
        assertThat(PersonalDataScan.recordsContaining(SharedInfrastructure.kafka().bootstrapServers(), canary))
                .as("no topic carries the email, name, device, client or words").isEmpty();

        // Asked again: it is done already.
        asPrivacyOfficer().body(Map.of("leadId", survivor)).post("/privacy/erasures").then().statusCode(409)
                .body("type", containsString("already-erased")).body("erasureId", equalTo(erasureId));

        // Complete once handoff and sales confirmed both leads (a redelivered confirmation changes nothing).
        for (String service : List.of("handoff-service", "sales-service")) {
            for (String leadId : List.of(survivor, duplicate)) {
                var confirmed = MarketingFixtures.lifecycle(leadId, "erasure-confirmed", Stage.QUALIFIED,
                        Stage.QUALIFIED, 3, Map.of("erasureId", erasureId, "service", service), service);
                TestEvents.publish(confirmed);
                TestEvents.publish(confirmed);
            }
            if (service.equals("handoff-service")) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asPrivacyOfficer()
                        .get("/privacy/erasures/" + erasureId).then().statusCode(200)
                        .body("services.find { it.service == 'handoff-service' }.state", equalTo("CONFIRMED"))
                        .body("status", equalTo("PENDING")));
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asPrivacyOfficer()
                .get("/privacy/erasures/" + erasureId).then().statusCode(200)
                .body("status", equalTo("COMPLETED")).body("completedAt", not(equalTo(null))));

        // The same email later: a new lead, with only the consent given now.
        String again = asMarketer().body(Map.of("email", email, "kind", "FORM", "consent", false))
                .post("/conversions").then().statusCode(201).extract().path("leadId");
        assertThat(again).isNotIn(survivor, duplicate);
        asMarketer().get("/leads/" + again + "/consent").then().statusCode(200).body("consentToContact", equalTo(false));
    }

    @Test
    void aRequestThatNamesNobodyOrIsNotTheOfficersIsRefusedAndErasesNothing() {
        String leadId = MarketingFixtures.convert(Map.of());
        asPrivacyOfficer().body(Map.of()).post("/privacy/erasures").then().statusCode(400)
                .contentType("application/problem+json");
        asPrivacyOfficer().body(Map.of("leadId", leadId, "email", "x@example.com")).post("/privacy/erasures").then()
                .statusCode(400).contentType("application/problem+json");
        asPrivacyOfficer().body(Map.of("email", "not an email")).post("/privacy/erasures").then().statusCode(422)
                .contentType("application/problem+json");
        asPrivacyOfficer().body(Map.of("email", "nobody-" + UUID.randomUUID() + "@example.com"))
                .post("/privacy/erasures").then().statusCode(404).contentType("application/problem+json");
        asPrivacyOfficer().body(Map.of("leadId", UUID.randomUUID().toString())).post("/privacy/erasures").then()
                .statusCode(404);
        asPrivacyOfficer().get("/privacy/erasures/" + UUID.randomUUID()).then().statusCode(404);
        asMarketer().body(Map.of("leadId", leadId)).post("/privacy/erasures").then().statusCode(403);
        asMarketer().get("/leads/" + leadId).then().statusCode(200).body("email", not(equalTo(null)));
    }

    /** The rows the figures are made of: each lead's stage and sequence, and its stage history. */
    private static List<String> figures(String... leadIds) throws Exception {
        List<String> rows = new ArrayList<>();
        try (var db = DriverManager.getConnection(SharedInfrastructure.postgres().jdbcUrl("marketing"), "postgres",
                "postgres")) {
            for (String leadId : leadIds) {
                try (ResultSet lead = db.createStatement().executeQuery("SELECT lead_id, stage, highest_stage, seq,"
                        + " created_at, merged_into FROM lead WHERE lead_id = '" + UUID.fromString(leadId) + "'")) {
                    while (lead.next()) {
                        rows.add(lead.getString(1) + lead.getString(2) + lead.getString(3) + lead.getLong(4)
                                + lead.getString(5) + lead.getString(6));
                    }
                }
                try (ResultSet history = db.createStatement().executeQuery("SELECT seq, event_type, to_stage,"
                        + " occurred_at FROM lead_stage_history WHERE lead_id = '" + UUID.fromString(leadId)
                        + "' ORDER BY seq")) {
                    while (history.next()) {
                        rows.add(history.getLong(1) + history.getString(2) + history.getString(3) + history.getString(4));
                    }
                }
            }
        }
        return rows;
    }
}
