package dev.baton.journey;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contract.Json;
import dev.baton.testkit.PersonalDataScan;
import dev.baton.testkit.SharedInfrastructure;
import dev.baton.testkit.TestEvents;
import dev.baton.testkit.TestTokens;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Issue 21, done when: one person with a unique canary in their email, name, company, device, client and in every
 * word written about them is walked through the three running services (anonymous visits, conversion, a merge,
 * qualification, a manager's reassignment, notes on activities, a win, a referral, retention), then erased. Afterwards
 * the canary is found nowhere (and the export taken before held every piece of it): not in any table of the three databases, not in any record of any topic read from the
 * beginning, not in the broker's segment files, not in the services' logs; and the funnel counts did not change.
 */
class PrivacyJourneyIT {

    private static final String MARKETER = TestTokens.token("marketer-mia", "marketer");
    private static final String PRIVACY = TestTokens.token("privacy-paula", "privacy-officer");
    private static final String MANAGER = TestTokens.token("manager-barbara", "sales-manager");
    private static ServiceProcesses services;

    @BeforeAll
    static void start() {
        services = ServiceProcesses.start("privacy");
    }

    @AfterAll
    static void stop() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void aPersonWalkedThroughEverythingIsErasedEverywhereAndTheFiguresStay() {
        String canary = "canary" + UUID.randomUUID().toString().replace("-", "");
        String device = "device-" + canary;
        for (String type : List.of("PAGE_VIEW", "CONTENT_DOWNLOAD")) {
            call("marketing", MARKETER).body(Map.of("eventId", UUID.randomUUID().toString(), "visitorId", device,
                    "type", type, "occurredAt", Instant.now().toString())).post("/engagements").then().statusCode(202);
        }
        String leadId = call("marketing", MARKETER).body(Map.of("email", canary + "@example.com", "kind", "FORM",
                        "consent", true, "visitorId", device, "name", "Ada " + canary, "company", canary + " SA",
                        "role", "CTO", "country", "FR", "clientIp", "203.0.113.50", "userAgent", "Agent/" + canary))
                .post("/conversions").then().statusCode(201).extract().path("leadId");
        String duplicate = call("marketing", MARKETER).body(Map.of("email", "home-" + canary + "@example.com",
                "kind", "FORM", "consent", true, "visitorId", "phone-" + canary)).post("/conversions").then()
                .statusCode(201).extract().path("leadId");
        call("marketing", MARKETER).body(Map.of("duplicateLeadId", duplicate, "reason", "both are " + canary))
                .post("/leads/" + leadId + "/merge").then().statusCode(200);
        call("marketing", MARKETER).body(Map.of("channel", "PHONE", "granted", true, "source", "call with " + canary))
                .put("/leads/" + leadId + "/consent").then().statusCode(200);
        call("marketing", MARKETER).body(Map.of("reason", "demo asked by " + canary))
                .post("/leads/" + leadId + "/qualify").then().statusCode(200);

        String firstRep = awaitOwner(leadId, "SALES").path("repId").asText();
        String repId = firstRep.equals("rep-ada") ? "rep-grace" : "rep-ada";
        call("handoff", MANAGER).body(Map.of("repId", repId, "reason", canary + " asked for another rep"))
                .post("/ownership/" + leadId + "/reassign").then().statusCode(202);
        String rep = TestTokens.token(repId, "sales-rep");
        String opportunityId = awaitOpportunity(leadId, rep);
        call("sales", rep).post("/opportunities/" + opportunityId + "/accept").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> call("sales", rep)
                .get("/opportunities/" + opportunityId).then().statusCode(200).body("status", equalTo("OPEN")));
        call("sales", rep).body(Map.of("type", "CALL", "direction", "OUTBOUND", "subject", "call " + canary,
                "notes", canary + " wants the premium plan")).post("/opportunities/" + opportunityId + "/activities")
                .then().statusCode(201);
        call("sales", rep).body(Map.of("outcome", "WON", "amount", 12000)).post("/opportunities/" + opportunityId
                + "/close").then().statusCode(200);
        String friend = call("sales", rep).body(Map.of("referrerLeadId", leadId,
                        "email", "friend-" + UUID.randomUUID() + "@example.com", "consent", true))
                .post("/referrals").then().statusCode(201).extract().path("leadId");
        call("sales", rep).body(Map.of("kind", "CHECK_IN", "notes", "lunch with " + canary))
                .post("/customers/" + leadId + "/retention").then().statusCode(201);
        awaitOwner(friend, "SALES");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> call("marketing", MARKETER).get("/leads/" + leadId)
                .then().statusCode(200).body("stage", equalTo("RETAINED")));
        assertThat(scanDatabases(canary)).as("the canary was recorded by each service")
                .containsKeys("marketing", "handoff", "sales");
        JsonNode funnelBefore = funnel();

        // The export before the erasure holds every piece, from the three services.
        call("marketing", PRIVACY).queryParam("email", canary + "@example.com").get("/privacy/exports").then()
                .statusCode(200)
                .body("leadIds", containsInAnyOrder(leadId, duplicate))
                .body("marketing.leads.email", containsInAnyOrder(canary + "@example.com",
                        "home-" + canary + "@example.com"))
                .body("marketing.leads.name", hasItem("Ada " + canary))
                .body("marketing.visitors.visitor_id", containsInAnyOrder(device, "phone-" + canary))
                .body("marketing.engagement.size()", equalTo(2))
                .body("marketing.conversions.size()", equalTo(2))
                .body("marketing.consentHistory.user_agent", hasItem("Agent/" + canary))
                .body("marketing.consentHistory.source", hasItem("call with " + canary))
                .body("marketing.notes.note", hasItem("demo asked by " + canary))
                .body("marketing.merges.reason", hasItem("both are " + canary))
                .body("handoff.find { it.leadId == '" + leadId + "' }.data.history.reason",
                        hasItem(canary + " asked for another rep"))
                .body("sales.find { it.leadId == '" + leadId + "' }.data.opportunities.find { it.opportunity_id == '"
                        + opportunityId + "' }.activities[0].notes", equalTo(canary + " wants the premium plan"))
                .body("sales.find { it.leadId == '" + leadId + "' }.data.retention[0].notes",
                        equalTo("lunch with " + canary))
                .body("sales.find { it.leadId == '" + leadId + "' }.data.referrals.size()", equalTo(1))
                .body("sales.find { it.leadId == '" + leadId + "' }.data.customer.status", equalTo("RETAINED"));

        String erasureId = call("marketing", PRIVACY).body(Map.of("email", canary + "@example.com"))
                .post("/privacy/erasures").then().statusCode(202).extract().path("erasureId");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> call("marketing", PRIVACY)
                .get("/privacy/erasures/" + erasureId).then().statusCode(200).body("status", equalTo("COMPLETED")));

        assertThat(scanDatabases(canary)).as("rows holding the canary, per database").isEmpty();
        scannersFind("control" + UUID.randomUUID());
        assertThat(PersonalDataScan.recordsContaining(SharedInfrastructure.kafka().bootstrapServers(), canary))
                .as("records holding the canary, per topic").isEmpty();
        SharedInfrastructure.kafka().logDirectory().ifPresent(segments ->
                assertThat(PersonalDataScan.filesContaining(segments, canary)).as("segment files").isEmpty());
        assertThat(PersonalDataScan.filesContaining(Path.of("target", "service-logs-privacy"), canary))
                .as("service logs").isEmpty();
        assertThat(funnel()).as("the funnel counts").isEqualTo(funnelBefore);
        call("marketing", MARKETER).get("/leads/" + leadId).then().statusCode(404);
        call("marketing", PRIVACY).queryParam("leadId", leadId).get("/privacy/exports").then().statusCode(404);
        call("sales", rep).get("/opportunities/" + opportunityId).then().statusCode(200).body("status", equalTo("WON"));
    }

    /** The topic and segment-file scans do find a record written with a marker (so an empty answer means something). */
    private static void scannersFind(String marker) {
        String bootstrap = SharedInfrastructure.kafka().bootstrapServers();
        String topic = "privacy-scan-" + marker;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        TestEvents.send(topic, "key", List.of(), "{\"note\":\"" + marker + "\"}");
        assertThat(PersonalDataScan.recordsContaining(bootstrap, marker)).containsEntry(topic, 1L);
        SharedInfrastructure.kafka().logDirectory().ifPresent(segments ->
                assertThat(PersonalDataScan.filesContaining(segments, marker)).isNotEmpty());
    }

    private static Map<String, Map<String, Long>> scanDatabases(String canary) {
        var found = new java.util.TreeMap<String, Map<String, Long>>();
        for (String service : List.of("marketing", "handoff", "sales")) {
            Map<String, Long> rows = PersonalDataScan.rowsContaining(SharedInfrastructure.postgres(),
                    service + "_privacy", canary);
            if (!rows.isEmpty()) {
                found.put(service, rows);
            }
        }
        return found;
    }

    private static JsonNode funnel() {
        try {
            return Json.mapper().readTree(call("marketing", MARKETER).get("/reports/funnel").then().statusCode(200)
                    .extract().asString()).path("stages");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode awaitOwner(String leadId, String owner) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            found[0] = Json.mapper().readTree(call("handoff", MARKETER).get("/ownership/" + leadId).then()
                    .statusCode(200).extract().asString());
            assertThat(found[0].path("owner").asText()).isEqualTo(owner);
        });
        return found[0];
    }

    private static String awaitOpportunity(String leadId, String rep) {
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> ids = call("sales", rep).queryParam("leadId", leadId).get("/opportunities").then()
                    .statusCode(200).extract().path("opportunityId");
            assertThat(ids).hasSize(1);
            id[0] = ids.get(0);
        });
        return id[0];
    }

    private static RequestSpecification call(String service, String token) {
        return given().baseUri(services.url(service)).auth().oauth2(token).contentType(ContentType.JSON);
    }
}
