package dev.baton.marketing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contract.Json;
import dev.baton.contract.Topics;
import dev.baton.platform.kafka.KafkaClients;
import dev.baton.testkit.SharedInfrastructure;
import dev.baton.testkit.TestBroker;
import dev.baton.testkit.TestTokens;
import dev.baton.testkit.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The transactional outbox: nothing lost while the broker is down, nothing published for a rolled-back change. */
@QuarkusTest
@MarketingTestResource
class OutboxTest {

    private static final String MARKETER = TestTokens.token("marketer-mia", "marketer");

    @Inject
    KafkaClients clients;

    @Test
    void theProducerWaitsForAllInSyncReplicasAndIsIdempotent() {
        ProducerConfig effective = new ProducerConfig(clients.producerConfig());
        assertThat(effective.getString(ProducerConfig.ACKS_CONFIG)).isIn("all", "-1");
        assertThat(effective.getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isTrue();
        assertThat(effective.getInt(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION)).isLessThanOrEqualTo(5);
        assertThat(effective.getInt(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void changesAcceptedWhileTheBrokerIsDownArriveExactlyOnceInPerLeadOrderWhenItIsBack() {
        TestBroker kafka = SharedInfrastructure.kafka();
        List<String> leads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            leads.add(consultation());
        }
        kafka.stop();
        try {
            for (int i = 0; i < 10; i++) {
                leads.add(consultation()); // accepted (201) with the broker down
            }
        } finally {
            kafka.start();
        }
        for (int i = 0; i < 3; i++) {
            leads.add(consultation());
        }

        Set<String> ours = new HashSet<>(leads);
        List<ConsumerRecord<String, String>> records = TopicReader.readUntil(kafka.bootstrapServers(), Topics.LIFECYCLE,
                r -> ours.contains(r.key()), found -> found.size() >= leads.size() * 2, Duration.ofSeconds(60));
        // Read a little longer: a duplicate would show up now.
        List<ConsumerRecord<String, String>> settled = TopicReader.readUntil(kafka.bootstrapServers(), Topics.LIFECYCLE,
                r -> ours.contains(r.key()), found -> false, Duration.ofSeconds(2));

        assertThat(settled).hasSize(leads.size() * 2);
        Map<String, List<String>> perLead = settled.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                Collectors.mapping(r -> type(r) + "#" + sequence(r), Collectors.toList())));
        assertThat(perLead).hasSize(leads.size());
        perLead.forEach((lead, events) -> assertThat(events).as("events of %s", lead)
                .containsExactly("identified#1", "qualified#2"));
        assertThat(settled.stream().map(r -> TopicReader.header(r, "ce_id")).distinct().count())
                .isEqualTo(settled.size());
    }

    @Test
    void aRolledBackConversionPublishesNothing() throws Exception {
        // Eight first conversions of one email at once: one transaction wins, the others roll back and retry into
        // the winner's lead. Only the winner's identified event may exist.
        String email = "race-" + UUID.randomUUID() + "@example.com";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<String>> calls = IntStream.range(0, 8)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> given().auth().oauth2(MARKETER)
                            .contentType(ContentType.JSON)
                            .body(Map.of("email", email, "kind", "FORM", "consent", true))
                            .post("/conversions").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201))
                            .extract().<String>path("leadId"), pool))
                    .toList();
            Set<String> leadIds = new HashSet<>();
            for (CompletableFuture<String> call : calls) {
                leadIds.add(call.get());
            }
            assertThat(leadIds).hasSize(1);
            String leadId = leadIds.iterator().next();

            List<ConsumerRecord<String, String>> events = TopicReader.readUntil(
                    SharedInfrastructure.kafka().bootstrapServers(), Topics.LIFECYCLE, r -> leadId.equals(r.key()),
                    found -> false, Duration.ofSeconds(3));
            assertThat(events).extracting(OutboxTest::type).containsExactly("identified");
        } finally {
            pool.shutdownNow();
        }
    }

    private static String consultation() {
        return given().auth().oauth2(MARKETER).contentType(ContentType.JSON)
                .body(Map.of("email", "outage-" + UUID.randomUUID() + "@example.com", "kind", "CONSULTATION",
                        "consent", true))
                .post("/conversions")
                .then().statusCode(201).extract().path("leadId");
    }

    private static String type(ConsumerRecord<String, String> record) {
        return data(record).path("type").asText();
    }

    private static long sequence(ConsumerRecord<String, String> record) {
        return data(record).path("sequence").asLong();
    }

    private static JsonNode data(ConsumerRecord<String, String> record) {
        try {
            return Json.mapper().readTree(record.value());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
