package dev.baton.sales;

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
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Puts leads into sales the way the handoff service does: handed-off and ownership events on the real broker. */
final class SalesFixtures {

    static final String OPS = TestTokens.token("ops-olga", "ops");
    static final String ADA = TestTokens.token("rep-ada", "sales-rep");
    static final String GRACE = TestTokens.token("rep-grace", "sales-rep");
    static final String ALAN = TestTokens.token("assistant-alan", "sales-assistant");
    static final String BARBARA = TestTokens.token("manager-barbara", "sales-manager");
    static final String LINUS = TestTokens.token("manager-linus", "sales-manager");
    static final String SALES_SOURCE = "/baton/sales-service";

    private SalesFixtures() {
    }

    /** A rep's own token. */
    static String rep(String repId) {
        return TestTokens.token(repId, "sales-rep");
    }

    /** Hands a new lead to {@code repId} (SLA due in an hour) and returns the opportunity sales opened for it. */
    static Handoff handOff(String repId) {
        return handOff(repId, Instant.now().plusSeconds(3600));
    }

    /** Hands a new lead to {@code repId} and waits until sales has the opportunity and knows it owns the lead. */
    static Handoff handOff(String repId, Instant slaDueAt) {
        return handOff(UUID.randomUUID().toString(), repId, slaDueAt);
    }

    /** Hands {@code leadId} to {@code repId} (after what the test published of it) and waits for the opportunity. */
    static Handoff handOff(String leadId, String repId, Instant slaDueAt) {
        return handOff(leadId, repId, slaDueAt, Map.of());
    }

    /** As {@link #handOff(String, String, Instant)}, with more details on handed-off (slaAtRiskAt...). */
    static Handoff handOff(String leadId, String repId, Instant slaDueAt, Map<String, Object> extra) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> details = new java.util.HashMap<>(Map.of("repId", repId,
                "slaDueAt", slaDueAt.truncatedTo(ChronoUnit.MILLIS).toString(), "policy", "ROUND_ROBIN"));
        details.putAll(extra);
        TestEvents.publish(TestEvents.lifecycleEvent(leadId, "handed-off", Stage.QUALIFIED, Stage.QUALIFIED,
                Actor.system("handoff-service"), "assigned", "test", 3, now, details)
                .toCloudEvent("handoff-service"));
        publishOwnership(leadId, repId, "HANDED_OFF", 2);
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> ids = given().auth().oauth2(OPS).queryParam("leadId", leadId).get("/opportunities")
                    .then().statusCode(200).body("$", hasSize(1)).body("[0].lead.owner", equalTo("SALES"))
                    .body("[0].lead.repId", equalTo(repId)).extract().path("opportunityId");
            id[0] = ids.get(0);
        });
        return new Handoff(leadId, id[0], repId);
    }

    /** Handed off to {@code repId}, accepted by the rep in time and confirmed by the handoff service: OPEN. */
    static Handoff accepted(String repId) {
        return accepted(handOff(repId));
    }

    /** The handoff accepted by its rep in time and confirmed by the handoff service: OPEN. */
    static Handoff accepted(Handoff handoff) {
        String repId = handoff.repId();
        given().auth().oauth2(rep(repId)).contentType(ContentType.JSON)
                .post("/opportunities/" + handoff.opportunityId() + "/accept").then().statusCode(202);
        confirmAccepted(handoff);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(OPS)
                .get("/opportunities/" + handoff.opportunityId()).then().statusCode(200)
                .body("status", equalTo("OPEN")).body("lead.repId", equalTo(repId)));
        return handoff;
    }

    /** An accepted opportunity closed WON by its rep: the lead is a WON customer (lifecycle sequence 5). */
    static Handoff won(String repId, int amount) {
        Handoff handoff = accepted(repId);
        given().auth().oauth2(rep(repId)).contentType(ContentType.JSON).body(Map.of("outcome", "WON", "amount", amount))
                .post("/opportunities/" + handoff.opportunityId() + "/close").then().statusCode(200)
                .body("status", equalTo("WON"));
        return handoff;
    }

    /** The handoff service's confirmation of an accept: lifecycle accepted + ownership ACCEPTED. */
    static void confirmAccepted(Handoff handoff) {
        TestEvents.publish(TestEvents.lifecycleEvent(handoff.leadId(), "accepted", Stage.QUALIFIED, Stage.QUALIFIED,
                Actor.user(handoff.repId()), "accepted", "test", 4, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                Map.of("repId", handoff.repId(), "opportunityId", handoff.opportunityId())).toCloudEvent("handoff-service"));
        publishOwnership(handoff.leadId(), handoff.repId(), "ACCEPTED", 3);
    }

    static void publishOwnership(String leadId, String repId, String status, long version) {
        publishOwnership(leadId, Owner.SALES, repId, status, version);
    }

    static void publishOwnership(String leadId, Owner owner, String repId, String status, long version) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TestEvents.publish(CloudEvent.create("handoff-service", EventTypes.OWNERSHIP_CHANGED, leadId, now,
                new OwnershipChanged(leadId, owner, repId, status, null, version, Actor.system("handoff-service"),
                        "test", "test", now)));
    }

    /** The records of a topic for one lead, read from the beginning until {@code done} holds (or 30 s passed). */
    static List<ConsumerRecord<String, String>> read(String topic, String leadId,
            Predicate<List<ConsumerRecord<String, String>>> done) {
        return TopicReader.readUntil(SharedInfrastructure.kafka().bootstrapServers(), topic,
                r -> leadId.equals(r.key()), done, Duration.ofSeconds(30));
    }

    /** The lifecycle events sales published for a lead, until one of {@code type} is there. */
    static List<ConsumerRecord<String, String>> salesLifecycleUntil(String leadId, String type) {
        List<ConsumerRecord<String, String>> records = read(Topics.LIFECYCLE, leadId,
                found -> found.stream().anyMatch(r -> SALES_SOURCE.equals(TopicReader.header(r, "ce_source"))
                        && ("dev.baton.lead." + type + ".v1").equals(TopicReader.header(r, "ce_type"))));
        return records.stream().filter(r -> SALES_SOURCE.equals(TopicReader.header(r, "ce_source"))).toList();
    }

    /** Decodes a record as a consumer would: CloudEvents headers checked, data valid against its JSON Schema. */
    static JsonNode decode(ConsumerRecord<String, String> record) {
        return CloudEvent.decode(record.headers(), record.value()).data();
    }

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    record Handoff(String leadId, String opportunityId, String repId) {
    }
}
