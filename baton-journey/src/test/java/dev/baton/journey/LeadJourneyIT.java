package dev.baton.journey;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import dev.baton.contract.EventTypes;
import dev.baton.contract.Json;
import dev.baton.contract.Topics;
import dev.baton.testkit.SharedInfrastructure;
import dev.baton.testkit.TestTokens;
import dev.baton.testkit.TopicReader;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Two leads walked through the three running services through their REST APIs only; the lifecycle topic is then read
 * with a plain Kafka consumer and the CloudEvents SDK, as an outside system would, and must hold exactly the expected
 * events in order.
 */
class LeadJourneyIT {

    private static final String MARKETER = TestTokens.token("marketer-mia", "marketer");
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(
            com.networknt.schema.SpecVersion.VersionFlag.V202012);
    private static ServiceProcesses services;

    @BeforeAll
    static void start() {
        // A LOST lead goes back to marketing two seconds after its close, not thirty days.
        services = ServiceProcesses.start("journey", Map.of("handoff", Map.of(
                "BATON_HANDOFF_RECYCLE_LOST_AFTER", "PT2S", "BATON_HANDOFF_RECYCLE_POLL_INTERVAL", "PT0.5S")));
    }

    @AfterAll
    static void stop() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void aLeadGoesFromAnonymousToRetained() {
        String visitor = "visitor-" + UUID.randomUUID();
        marketing(MARKETER).body(Map.of("eventId", UUID.randomUUID().toString(), "visitorId", visitor,
                        "type", "CONTENT_DOWNLOAD", "occurredAt", Instant.now().toString()))
                .post("/engagements").then().statusCode(202);

        String leadId = convert(visitor);
        marketing(MARKETER).body(Map.of("reason", "asked for a demo")).post("/leads/" + leadId + "/qualify")
                .then().statusCode(200).body("stage", equalTo("QUALIFIED"));

        String repId = awaitOwner(leadId, "SALES").path("repId").asText();
        String rep = TestTokens.token(repId, "sales-rep");
        String opportunityId = awaitOpportunity(leadId, rep);
        sales(rep).post("/opportunities/" + opportunityId + "/accept").then().statusCode(202);
        awaitOpportunityStatus(opportunityId, rep, "OPEN");
        sales(rep).body(Map.of("outcome", "WON", "amount", 25000)).post("/opportunities/" + opportunityId + "/close")
                .then().statusCode(200).body("status", equalTo("WON"));
        sales(rep).body(Map.of("kind", "CHECK_IN", "notes", "happy so far"))
                .post("/customers/" + leadId + "/retention")
                .then().statusCode(201).body("stage", equalTo("RETAINED"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> marketing(MARKETER).get("/leads/" + leadId)
                .then().statusCode(200).body("stage", equalTo("RETAINED")).body("highestStage", equalTo("RETAINED"))
                .body("owner", equalTo("SALES")).body("engagementCount", equalTo(1)));

        List<JsonNode> events = lifecycleOf(leadId, 6);
        assertThat(events).extracting(e -> e.path("type").asText())
                .containsExactly("identified", "qualified", "handed-off", "accepted", "closed", "retained");
        assertThat(events).extracting(e -> e.path("from").asText() + ">" + e.path("to").asText())
                .containsExactly("ANONYMOUS>KNOWN", "KNOWN>QUALIFIED", "QUALIFIED>QUALIFIED", "QUALIFIED>QUALIFIED",
                        "QUALIFIED>CLOSED", "CLOSED>RETAINED");
        assertThat(events).extracting(e -> e.path("sequence").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(events.get(2).path("details").path("repId").asText()).isEqualTo(repId);
        assertThat(events.get(4).path("details").path("outcome").asText()).isEqualTo("WON");
        assertThat(events.get(3).path("actor").path("id").asText()).isEqualTo(repId);
    }

    @Test
    void aRejectedLeadGoesBackToMarketingAsKnown() {
        String leadId = convert(null);
        marketing(MARKETER).body(Map.of()).post("/leads/" + leadId + "/qualify").then().statusCode(200);
        String repId = awaitOwner(leadId, "SALES").path("repId").asText();
        String rep = TestTokens.token(repId, "sales-rep");
        String opportunityId = awaitOpportunity(leadId, rep);

        sales(rep).body(Map.of("reason", "NO_BUDGET")).post("/opportunities/" + opportunityId + "/reject")
                .then().statusCode(202);

        awaitOwner(leadId, "MARKETING");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> marketing(MARKETER).get("/leads/" + leadId)
                .then().statusCode(200).body("stage", equalTo("KNOWN")).body("owner", equalTo("MARKETING"))
                .body("highestStage", equalTo("QUALIFIED")));
        awaitOpportunityStatus(opportunityId, rep, "REJECTED");

        List<JsonNode> events = lifecycleOf(leadId, 5);
        assertThat(events).extracting(e -> e.path("type").asText())
                .containsExactly("identified", "qualified", "handed-off", "rejected", "recycled");
        assertThat(events).extracting(e -> e.path("from").asText() + ">" + e.path("to").asText())
                .containsExactly("ANONYMOUS>KNOWN", "KNOWN>QUALIFIED", "QUALIFIED>QUALIFIED", "QUALIFIED>QUALIFIED",
                        "QUALIFIED>KNOWN");
        assertThat(events).extracting(e -> e.path("sequence").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(events.get(3).path("details").path("reasonCode").asText()).isEqualTo("NO_BUDGET");
        assertThat(events.get(4).path("reason").asText()).isEqualTo("NO_BUDGET");
    }

    @Test
    void aCustomersReferralBecomesAQualifiedLeadOfTheSameRep() {
        // A customer of some rep...
        String customer = convert(null);
        marketing(MARKETER).body(Map.of()).post("/leads/" + customer + "/qualify").then().statusCode(200);
        String repId = awaitOwner(customer, "SALES").path("repId").asText();
        String rep = TestTokens.token(repId, "sales-rep");
        String opportunityId = awaitOpportunity(customer, rep);
        sales(rep).post("/opportunities/" + opportunityId + "/accept").then().statusCode(202);
        awaitOpportunityStatus(opportunityId, rep, "OPEN");
        sales(rep).body(Map.of("outcome", "WON", "amount", 9000)).post("/opportunities/" + opportunityId + "/close")
                .then().statusCode(200);

        // ...refers a friend, through sales.
        String friendEmail = "friend-" + UUID.randomUUID() + "@example.com";
        String friend = sales(rep).body(Map.of("referrerLeadId", customer, "email", friendEmail, "consent", true))
                .post("/referrals").then().statusCode(201).extract().path("leadId");

        // The friend is a lead of marketing, qualified at once, and the handoff gives it to the same rep.
        assertThat(awaitOwner(friend, "SALES").path("repId").asText()).isEqualTo(repId);
        awaitOpportunity(friend, rep);
        List<JsonNode> events = lifecycleOf(friend, 3);
        assertThat(events).extracting(e -> e.path("type").asText()).containsExactly("identified", "qualified", "handed-off");
        assertThat(events.get(0).path("details").path("referrerLeadId").asText()).isEqualTo(customer);
        assertThat(events.get(1).path("details").path("trigger").asText()).isEqualTo("REFERRAL");
        assertThat(events.get(2).path("details").path("repId").asText()).isEqualTo(repId);
        assertThat(lifecycleOf(customer, 6)).extracting(e -> e.path("type").asText())
                .containsExactly("identified", "qualified", "handed-off", "accepted", "closed", "referral-received");
        marketing(MARKETER).get("/leads/" + friend).then().statusCode(200).body("email", equalTo(friendEmail));
    }

    @Test
    void aManagerReassignsTheLeadAndOnceLostItComesBackToNurture() {
        String leadId = convert(null);
        marketing(MARKETER).body(Map.of()).post("/leads/" + leadId + "/qualify").then().statusCode(200);
        String firstRep = awaitOwner(leadId, "SALES").path("repId").asText();
        String otherRep = firstRep.equals("rep-ada") ? "rep-grace" : "rep-ada";

        // The team's manager moves it to the other rep, who answers a fresh handoff.
        given().baseUri(services.url("handoff")).auth().oauth2(TestTokens.token("manager-barbara", "sales-manager"))
                .contentType(ContentType.JSON).body(Map.of("repId", otherRep, "reason", firstRep + " is on leave"))
                .post("/ownership/" + leadId + "/reassign").then().statusCode(202).body("repId", equalTo(otherRep));
        String rep = TestTokens.token(otherRep, "sales-rep");
        String opportunityId = awaitOpportunity(leadId, rep);
        assertThat(sales(rep).get("/me/work").then().statusCode(200).extract().jsonPath()
                .getList("handoffsToAnswer.opportunity.opportunityId", String.class)).contains(opportunityId);
        sales(rep).post("/opportunities/" + opportunityId + "/accept").then().statusCode(202);
        awaitOpportunityStatus(opportunityId, rep, "OPEN");
        sales(rep).body(Map.of("outcome", "LOST", "reason", "chose a competitor"))
                .post("/opportunities/" + opportunityId + "/close").then().statusCode(200);

        // After the cool-down, marketing owns it again, KNOWN, for nurture.
        awaitOwner(leadId, "MARKETING");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> marketing(MARKETER).get("/leads/" + leadId)
                .then().statusCode(200).body("stage", equalTo("KNOWN")).body("owner", equalTo("MARKETING"))
                .body("highestStage", equalTo("CLOSED")));
        List<JsonNode> events = lifecycleOf(leadId, 7);
        assertThat(events).extracting(e -> e.path("type").asText()).containsExactly("identified", "qualified",
                "handed-off", "reassigned", "accepted", "closed", "recycled");
        assertThat(events).extracting(e -> e.path("sequence").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(events.get(3).path("actor").path("id").asText()).isEqualTo("manager-barbara");
        assertThat(events.get(3).path("details").path("toRepId").asText()).isEqualTo(otherRep);
        assertThat(events.get(6).path("from").asText() + ">" + events.get(6).path("to").asText())
                .isEqualTo("CLOSED>KNOWN");
        assertThat(events.get(6).path("details").path("reasonCode").asText()).isEqualTo("LOST");
    }

    private String convert(String visitor) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of(
                "email", "journey-" + UUID.randomUUID() + "@example.com", "kind", "FORM", "consent", true));
        if (visitor != null) {
            body.put("visitorId", visitor);
        }
        return marketing(MARKETER).body(body).post("/conversions")
                .then().statusCode(201).body("stage", equalTo("KNOWN")).extract().path("leadId");
    }

    private JsonNode awaitOwner(String leadId, String owner) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            String body = given().baseUri(services.url("handoff")).auth().oauth2(MARKETER)
                    .get("/ownership/" + leadId).then().statusCode(200).extract().asString();
            found[0] = Json.mapper().readTree(body);
            assertThat(found[0].path("owner").asText()).isEqualTo(owner);
        });
        return found[0];
    }

    private String awaitOpportunity(String leadId, String rep) {
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> ids = sales(rep).queryParam("leadId", leadId).get("/opportunities")
                    .then().statusCode(200).extract().path("opportunityId");
            assertThat(ids).hasSize(1);
            id[0] = ids.get(0);
        });
        return id[0];
    }

    private void awaitOpportunityStatus(String opportunityId, String rep, String status) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> sales(rep).get("/opportunities/" + opportunityId)
                .then().statusCode(200).body("status", equalTo(status)));
    }

    /**
     * The lead's lifecycle events as a plain Kafka consumer sees them, each read by the CloudEvents Java SDK and its data
     * validated by a JSON Schema validator against the schema its {@code dataschema} names.
     */
    private static List<JsonNode> lifecycleOf(String leadId, int expected) {
        List<ConsumerRecord<String, String>> records = TopicReader.readUntil(
                SharedInfrastructure.kafka().bootstrapServers(), Topics.LIFECYCLE, r -> leadId.equals(r.key()),
                found -> found.size() >= expected, Duration.ofSeconds(30));
        // Nothing more arrives for this lead after a short extra read.
        List<ConsumerRecord<String, String>> settled = TopicReader.readUntil(
                SharedInfrastructure.kafka().bootstrapServers(), Topics.LIFECYCLE, r -> leadId.equals(r.key()),
                found -> false, Duration.ofSeconds(2));
        assertThat(settled).hasSize(records.size());
        try (CloudEventDeserializer sdk = new CloudEventDeserializer()) {
            return records.stream().map(r -> {
                CloudEvent event = sdk.deserialize(r.topic(), r.headers(), r.value().getBytes(StandardCharsets.UTF_8));
                assertThat(event.getSpecVersion()).isEqualTo(SpecVersion.V1);
                assertThat(event.getSubject()).isEqualTo(leadId);
                assertThat(event.getId()).isNotBlank();
                assertThat(event.getDataContentType()).isEqualTo("application/json");
                EventTypes type = EventTypes.fromCeType(event.getType()).orElseThrow();
                assertThat(event.getDataSchema()).isEqualTo(URI.create(type.dataSchemaUri()));
                JsonNode data = readJson(event.getData().toBytes());
                assertThat(SCHEMAS.getSchema(SchemaLocation.of("classpath:" + type.schemaResource())).validate(data))
                        .as("%s data against its schema", type).isEmpty();
                assertThat(event.getType()).isEqualTo("dev.baton.lead." + data.path("type").asText() + ".v1");
                return data;
            }).toList();
        }
    }

    private static JsonNode readJson(byte[] bytes) {
        try {
            return Json.mapper().readTree(bytes);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON", e);
        }
    }

    private static RequestSpecification marketing(String token) {
        return given().baseUri(services.url("marketing")).auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static RequestSpecification sales(String token) {
        return given().baseUri(services.url("sales")).auth().oauth2(token).contentType(ContentType.JSON);
    }
}
