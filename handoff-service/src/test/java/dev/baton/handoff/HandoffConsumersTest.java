package dev.baton.handoff;

import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Stage;
import dev.baton.contract.Topics;
import dev.baton.platform.consumer.DeadLetters;
import dev.baton.testkit.TestEvents;
import dev.baton.testkit.TestTokens;
import dev.baton.testkit.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** The handoff service's consumers: idempotent on redelivery, and a poison record never stops them. */
@QuarkusTest
@HandoffTestResource
class HandoffConsumersTest {

    private static final String OPS = TestTokens.token("ops-olga", "ops");

    @Test
    void aRedeliveredQualifiedEventHandsTheLeadOffOnlyOnce() {
        String leadId = UUID.randomUUID().toString();
        Events.publish(marketingEvent(leadId, "identified", Stage.ANONYMOUS, Stage.KNOWN, 1,
                Map.of("conversionKind", "FORM")));
        CloudEvent qualified = marketingEvent(leadId, "qualified", Stage.KNOWN, Stage.QUALIFIED, 2,
                Map.of("score", 80, "trigger", "MANUAL"));
        Events.publish(qualified);
        Events.publish(qualified); // the same event (same id) delivered again

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(OPS)
                .get("/ownership/" + leadId).then().statusCode(200)
                .body("owner", equalTo("SALES")).body("status", equalTo("HANDED_OFF")).body("version", equalTo(2)));

        List<ConsumerRecord<String, String>> lifecycle = TopicReader.readUntil(
                HandoffInfrastructure.bootstrapServers(), Topics.LIFECYCLE, r -> leadId.equals(r.key()),
                found -> false, Duration.ofSeconds(3));
        assertThat(lifecycle).extracting(r -> TopicReader.header(r, "ce_type")).containsExactly(
                "dev.baton.lead.identified.v1", "dev.baton.lead.qualified.v1", "dev.baton.lead.qualified.v1",
                "dev.baton.lead.handed-off.v1");
        given().auth().oauth2(OPS).get("/ownership/" + leadId + "/history").then().statusCode(200)
                .body("findAll { it.kind == 'CHANGE' }", hasSize(2))
                .body("findAll { it.kind == 'CHANGE' }[1].status", equalTo("HANDED_OFF"));
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndLaterRecordsAreStillProcessed() {
        String poisonKey = "poison-" + UUID.randomUUID();
        CloudEvent template = marketingEvent(UUID.randomUUID().toString(), "qualified", Stage.KNOWN, Stage.QUALIFIED, 2,
                Map.of("score", 80, "trigger", "MANUAL"));
        List<Header> validHeaders = new ArrayList<>(template.kafkaHeaders());
        // 1. not JSON
        Events.send(Topics.LIFECYCLE, poisonKey, validHeaders, "{this is not json");
        // 2. JSON of the wrong shape (no leadId, no sequence...)
        Events.send(Topics.LIFECYCLE, poisonKey, validHeaders, "{\"type\":\"qualified\",\"hello\":\"world\"}");
        // 3. an unknown event type
        List<Header> unknownType = new ArrayList<>();
        for (Header h : template.kafkaHeaders()) {
            unknownType.add(h.key().equals("ce_type") ? TestEvents.header("ce_type", "dev.baton.lead.teleported.v1") : h);
        }
        Events.send(Topics.LIFECYCLE, poisonKey, unknownType, template.data());
        // 4. no CloudEvents headers at all
        Events.send(Topics.LIFECYCLE, poisonKey, List.of(), template.data());
        // then a good one
        String goodLead = UUID.randomUUID().toString();
        Events.publish(marketingEvent(goodLead, "identified", Stage.ANONYMOUS, Stage.KNOWN, 1,
                Map.of("conversionKind", "TRIAL")));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(OPS)
                .get("/ownership/" + goodLead).then().statusCode(200).body("owner", equalTo("MARKETING")));

        List<ConsumerRecord<String, String>> dead = TopicReader.readUntil(
                HandoffInfrastructure.bootstrapServers(), Topics.deadLetter("handoff-service"),
                r -> poisonKey.equals(r.key()), found -> found.size() >= 4, Duration.ofSeconds(30));
        assertThat(dead).hasSize(4);
        assertThat(dead).extracting(r -> TopicReader.header(r, DeadLetters.ERROR)).satisfiesExactly(
                e -> assertThat(e).contains("not JSON"),
                e -> assertThat(e).contains("does not match"),
                e -> assertThat(e).contains("unknown event type"),
                e -> assertThat(e).contains("not a CloudEvents"));
        assertThat(dead).allSatisfy(r -> {
            assertThat(TopicReader.header(r, DeadLetters.ORIGINAL_TOPIC)).isEqualTo(Topics.LIFECYCLE);
            assertThat(TopicReader.header(r, DeadLetters.ORIGINAL_OFFSET)).isNotBlank();
            assertThat(TopicReader.header(r, DeadLetters.CONSUMER_GROUP)).isEqualTo("handoff-service");
        });
        assertThat(dead.get(0).value()).isEqualTo("{this is not json");
    }

    static CloudEvent marketingEvent(String leadId, String type, Stage from, Stage to, long sequence,
            Map<String, Object> details) {
        return TestEvents.lifecycleEvent(leadId, type, from, to, Actor.user("marketer-mia"), "test", "test:" + UUID.randomUUID(),
                sequence, Instant.now().truncatedTo(ChronoUnit.MILLIS), details).toCloudEvent("marketing-service");
    }
}
