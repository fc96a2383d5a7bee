package dev.baton.handoff;

import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.EventTypes;
import dev.baton.contract.HandoffResponse;
import dev.baton.contract.Json;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Stage;
import dev.baton.contract.Topics;
import dev.baton.testkit.TestEvents;
import dev.baton.testkit.TestTokens;
import dev.baton.testkit.TopicReader;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** What the tests do to a lead, as the other services would: publish its lifecycle events, read what came of it. */
final class Leads {

    static final String OPS = TestTokens.token("ops-olga", "ops");
    static final Duration WAIT = Duration.ofSeconds(30);

    private Leads() {
    }

    /** A new lead, identified by marketing (sequence 1). */
    static String identified() {
        String leadId = UUID.randomUUID().toString();
        Events.publish(marketing(leadId, "identified", Stage.ANONYMOUS, Stage.KNOWN, 1, Map.of("conversionKind", "FORM")));
        return leadId;
    }

    /** Marketing qualifies the lead with sequence {@code seq}, with extra details (country, consent, referringRepId). */
    static void qualify(String leadId, long seq, Map<String, Object> extra) {
        Map<String, Object> details = new HashMap<>(Map.of("score", 80, "trigger", "SCORE"));
        details.putAll(extra);
        Events.publish(marketing(leadId, "qualified", Stage.KNOWN, Stage.QUALIFIED, seq, details));
    }

    /** An identified lead, qualified, and handed off: its assignee. */
    static String handedOff(String leadId, Map<String, Object> extra) {
        qualify(leadId, 2, extra);
        return awaitOwnership(leadId, "HANDED_OFF").getString("repId");
    }

    static CloudEvent marketing(String leadId, String type, Stage from, Stage to, long seq, Map<String, Object> details) {
        return TestEvents.lifecycleEvent(leadId, type, from, to, Actor.user("marketer-mia"), "test", "test:" + UUID.randomUUID(),
                seq, Instant.now().truncatedTo(ChronoUnit.MILLIS), details).toCloudEvent("marketing-service");
    }

    /** A sales-service lifecycle event (closed...). */
    static CloudEvent sales(String leadId, String type, Stage from, Stage to, long seq, Actor actor,
            Map<String, Object> details) {
        return TestEvents.lifecycleEvent(leadId, type, from, to, actor, "test", "test:" + UUID.randomUUID(), seq,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), details).toCloudEvent("sales-service");
    }

    /** A rep's answer as sales publishes it on sales.responses.v1. */
    static void salesResponse(String leadId, String decision, String reasonCode, String repId, Actor actor) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Events.publish(CloudEvent.create("sales-service", EventTypes.HANDOFF_RESPONSE, leadId, now,
                new HandoffResponse(UUID.randomUUID().toString(), leadId, UUID.randomUUID().toString(), decision,
                        reasonCode, repId, actor, now)));
    }

    /** Waits until {@code GET /ownership/{leadId}} shows {@code status}, and returns it. */
    static JsonPath awaitOwnership(String leadId, String status) {
        JsonPath[] body = new JsonPath[1];
        await().atMost(WAIT).untilAsserted(() -> body[0] = given().auth().oauth2(OPS).get("/ownership/" + leadId)
                .then().statusCode(200).body("status", equalTo(status)).extract().jsonPath());
        return body[0];
    }

    /** Waits until {@code GET /ownership/{leadId}} shows {@code repId} as the assignee, and returns it. */
    static JsonPath awaitOwnershipOf(String leadId, String repId) {
        JsonPath[] body = new JsonPath[1];
        await().atMost(WAIT).untilAsserted(() -> body[0] = given().auth().oauth2(OPS).get("/ownership/" + leadId)
                .then().statusCode(200).body("repId", equalTo(repId)).extract().jsonPath());
        return body[0];
    }

    static JsonPath ownership(String leadId) {
        return given().auth().oauth2(OPS).get("/ownership/" + leadId).then().statusCode(200).extract().jsonPath();
    }

    static List<Map<String, Object>> history(String leadId) {
        return given().auth().oauth2(OPS).get("/ownership/" + leadId + "/history").then().statusCode(200)
                .extract().jsonPath().getList("$");
    }

    /** The lead's lifecycle events on the topic, in order, read until {@code done} holds (or the wait ends). */
    static List<LifecycleEvent> lifecycle(String leadId, Predicate<List<LifecycleEvent>> done, Duration wait) {
        List<ConsumerRecord<String, String>> records = TopicReader.readUntil(
                HandoffInfrastructure.bootstrapServers(), Topics.LIFECYCLE, r -> leadId.equals(r.key()),
                found -> done.test(events(found)), wait);
        return events(records);
    }

    /** Waits until the lead's lifecycle holds an event of {@code type}, and returns the whole lifecycle. */
    static List<LifecycleEvent> lifecycleWith(String leadId, String type) {
        return lifecycle(leadId, events -> events.stream().anyMatch(e -> e.type().shortName().equals(type)), WAIT);
    }

    static List<String> types(List<LifecycleEvent> events) {
        return events.stream().map(e -> e.type().shortName()).toList();
    }

    private static List<LifecycleEvent> events(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> {
            try {
                return Json.mapper().readValue(r.value(), LifecycleEvent.class);
            } catch (Exception e) {
                throw new AssertionError("not a lifecycle event: " + r.value(), e);
            }
        }).toList();
    }
}
