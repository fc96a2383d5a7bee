package dev.baton.marketing;

import dev.baton.contract.Actor;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Stage;
import dev.baton.contract.Topics;
import dev.baton.testkit.SharedInfrastructure;
import dev.baton.testkit.TestEvents;
import dev.baton.testkit.TestTokens;
import dev.baton.testkit.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@MarketingTestResource
class TopicsAndProjectionTest {

    private static final String MARKETER = TestTokens.token("marketer-mia", "marketer");

    @Test
    void theServiceCreatesEveryTopicWithItsPartitionsAndConfigs() throws Exception {
        List<Topics.TopicSpec> catalog = Topics.catalog(3, (short) 1, 1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfrastructure.kafka().bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.listTopics().names().get(5, TimeUnit.SECONDS)
                    .containsAll(catalog.stream().map(Topics.TopicSpec::name).toList()));
            Map<String, TopicDescription> described = admin.describeTopics(
                    catalog.stream().map(Topics.TopicSpec::name).toList()).allTopicNames().get(10, TimeUnit.SECONDS);
            Map<ConfigResource, Config> configs = admin.describeConfigs(catalog.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList()).all().get(10, TimeUnit.SECONDS);
            for (Topics.TopicSpec spec : catalog) {
                assertThat(described.get(spec.name()).partitions()).as(spec.name()).hasSize(spec.partitions());
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
                spec.configs().forEach((key, value) ->
                        assertThat(config.get(key).value()).as("%s %s", spec.name(), key).isEqualTo(value));
            }
        }
        assertThat(catalog).extracting(Topics.TopicSpec::name).contains("lead.ownership.v1", "lead.lifecycle.v1",
                "marketing.engagement.v1", "marketing-service.dlq.v1", "handoff-service.dlq.v1", "sales-service.dlq.v1");
    }

    @Test
    void marketingFollowsLaterTransitionsAndIgnoresOlderOnes() {
        String leadId = given().auth().oauth2(MARKETER).contentType(ContentType.JSON)
                .body(Map.of("email", "follow-" + UUID.randomUUID() + "@example.com", "kind", "CONSULTATION",
                        "consent", true))
                .post("/conversions").then().statusCode(201).body("stage", equalTo("QUALIFIED")).extract().path("leadId");

        // The handoff service hands it off (#3), then an older event arrives late with a new id (#2).
        TestEvents.publish(handoffEvent(leadId, "handed-off", Stage.QUALIFIED, Stage.QUALIFIED, 3,
                Map.of("repId", "rep-ada", "slaDueAt", Instant.now().plusSeconds(3600).toString(), "policy", "ROUND_ROBIN")));
        TestEvents.publish(handoffEvent(leadId, "recycled", Stage.QUALIFIED, Stage.KNOWN, 2, Map.of("reasonCode", "NO_FIT")));
        // A later transition that does not move the stage: once it is applied, the late #2 was read before it (same
        // partition) and, had it been applied, the lead would be KNOWN.
        TestEvents.publish(handoffEvent(leadId, "accepted", Stage.QUALIFIED, Stage.QUALIFIED, 4,
                Map.of("repId", "rep-ada")));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(MARKETER).get("/leads/" + leadId)
                .then().statusCode(200).body("sequence", equalTo(4)));
        given().auth().oauth2(MARKETER).get("/leads/" + leadId).then()
                .body("stage", equalTo("QUALIFIED")).body("highestStage", equalTo("QUALIFIED"));
    }

    @Test
    void aMoveTheTransitionTableDoesNotAllowGoesToTheDeadLetterTopicAndChangesNothing() {
        String leadId = given().auth().oauth2(MARKETER).contentType(ContentType.JSON)
                .body(Map.of("email", "skip-" + UUID.randomUUID() + "@example.com", "kind", "FORM", "consent", true))
                .post("/conversions").then().statusCode(201).body("stage", equalTo("KNOWN")).extract().path("leadId");
        // A producer that skips stages: retained straight from KNOWN (its record cannot be built, so it is edited).
        dev.baton.contract.CloudEvent valid = TestEvents.lifecycleEvent(leadId, "retained", Stage.CLOSED,
                Stage.RETAINED, Actor.system("sales-service"), "test", "test", 2, Instant.now(),
                Map.of("kind", "CHECK_IN")).toCloudEvent("sales-service");
        String skipping = valid.data().replace("\"from\":\"CLOSED\"", "\"from\":\"KNOWN\"");
        assertThat(skipping).contains("\"from\":\"KNOWN\"");
        TestEvents.send(Topics.LIFECYCLE, leadId, valid.kafkaHeaders(), skipping);

        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> dead = TopicReader.readUntil(
                SharedInfrastructure.kafka().bootstrapServers(), Topics.deadLetter("marketing-service"),
                r -> leadId.equals(r.key()), found -> !found.isEmpty(), Duration.ofSeconds(30));
        assertThat(dead).hasSize(1);
        assertThat(TopicReader.header(dead.get(0), "ce_id")).isEqualTo(valid.id());
        given().auth().oauth2(MARKETER).get("/leads/" + leadId).then().statusCode(200)
                .body("stage", equalTo("KNOWN")).body("sequence", equalTo(1));
    }

    private static dev.baton.contract.CloudEvent handoffEvent(String leadId, String type, Stage from, Stage to, long seq,
            Map<String, Object> details) {
        return TestEvents.lifecycleEvent(leadId, type, from, to, Actor.system("handoff-service"), "test", "test", seq,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), details).toCloudEvent("handoff-service");
    }
}
