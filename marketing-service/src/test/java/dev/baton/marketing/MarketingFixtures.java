package dev.baton.marketing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.EventTypes;
import dev.baton.contract.Json;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Owner;
import dev.baton.contract.OwnershipChanged;
import dev.baton.contract.Stage;
import dev.baton.contract.Topics;
import dev.baton.testkit.SharedInfrastructure;
import dev.baton.testkit.TestEvents;
import dev.baton.testkit.TestTokens;
import dev.baton.testkit.TopicReader;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** What marketing tests do often: convert someone, and play the other services' events. */
final class MarketingFixtures {

    static final String MARKETER = TestTokens.token("marketer-mia", "marketer");

    private MarketingFixtures() {
    }

    static RequestSpecification asMarketer() {
        // Floating-point JSON numbers as doubles, so that closeTo(...) matchers apply.
        return given().config(io.restassured.RestAssured.config().jsonConfig(io.restassured.config.JsonConfig.jsonConfig()
                        .numberReturnType(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE)))
                .auth().oauth2(MARKETER).contentType(ContentType.JSON);
    }

    static String convert(Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("email", "lead-" + UUID.randomUUID() + "@example.com",
                "kind", "FORM", "consent", true));
        body.putAll(extra);
        return asMarketer().body(body).post("/conversions").then().statusCode(201).extract().path("leadId");
    }

    /** What the handoff service publishes when it gives a lead (at sequence {@code seq - 1}) to a rep. */
    static void handOff(String leadId, long seq) {
        TestEvents.publish(lifecycle(leadId, "handed-off", Stage.QUALIFIED, Stage.QUALIFIED, seq,
                Map.of("repId", "rep-ada", "slaDueAt", Instant.now().plusSeconds(3600).toString(), "policy", "ROUND_ROBIN"),
                "handoff-service"));
        ownership(leadId, Owner.SALES, "rep-ada", "HANDED_OFF", 2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asMarketer().get("/leads/" + leadId).then()
                .body("owner", equalTo("SALES")).body("sequence", equalTo((int) seq)));
    }

    static void ownership(String leadId, Owner owner, String repId, String status, long version) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TestEvents.publish(CloudEvent.create("handoff-service", EventTypes.OWNERSHIP_CHANGED, leadId, now,
                new OwnershipChanged(leadId, owner, repId, status, null, version, Actor.system("handoff-service"), "test",
                        "test", now)));
    }

    static CloudEvent lifecycle(String leadId, String type, Stage from, Stage to, long seq, Map<String, Object> details,
            String service) {
        return TestEvents.lifecycleEvent(leadId, type, from, to, Actor.system(service), "test", "test", seq,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), details).toCloudEvent(service);
    }

    /** The lead's lifecycle events of one type, as an outside consumer reads them. */
    static List<JsonNode> lifecycleEvents(String leadId, String type, int atLeast) {
        return TopicReader.readUntil(SharedInfrastructure.kafka().bootstrapServers(), Topics.LIFECYCLE,
                        r -> leadId.equals(r.key()) && ("dev.baton.lead." + type + ".v1").equals(TopicReader.header(r, "ce_type")),
                        found -> found.size() >= atLeast, Duration.ofSeconds(atLeast == 0 ? 3 : 30))
                .stream().map(r -> read(r.value())).toList();
    }

    static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
