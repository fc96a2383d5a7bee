package dev.baton.marketing;

import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.EventTypes;
import dev.baton.contract.InvalidEventException;
import dev.baton.contract.Owner;
import dev.baton.contract.OwnershipChanged;
import dev.baton.contract.Topics;
import dev.baton.embedded.EmbeddedPostgres;
import dev.baton.platform.consumer.ApplyOnce;
import dev.baton.testkit.SharedInfrastructure;
import dev.baton.testkit.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A poll's records are applied in one transaction, in order, each once; when that transaction fails, each record is
 * applied on its own, so a poison record or an effect that refuses its event goes to the dead-letter topic and the
 * others are applied once. The effect here counts its applications in a probe table.
 */
@QuarkusTest
@MarketingTestResource
class ConsumerBatchTest {

    private static final String TOPIC = "consumer-batch-test";

    @Inject
    ApplyOnce applyOnce;

    @Inject
    MeterRegistry registry;

    private long offset;

    @Inject
    Pool pool;

    @BeforeEach
    void probeTable() {
        // Created by the service's own role, which the effect writes with.
        pool.query("CREATE TABLE IF NOT EXISTS consumer_batch_probe (event_id TEXT PRIMARY KEY,"
                + " applied INT NOT NULL, seq BIGSERIAL)").execute().await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void aPollIsAppliedInOneTransactionInOrderAndARedeliveryChangesNothing() throws Exception {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(valid(0));
        }
        double before = transactions();
        apply(records, null);
        assertThat(transactions() - before).isEqualTo(1.0);
        assertThat(applied(records)).containsOnly(1);
        assertThat(order(records)).isEqualTo(ids(records));

        apply(records, null);
        assertThat(applied(records)).as("a redelivered poll applies nothing again").containsOnly(1);
    }

    @Test
    void aBadRecordInAPollGoesToTheDeadLetterTopicAndTheOthersAreAppliedOnceInOrder() throws Exception {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            records.add(valid(i % 2));
        }
        ConsumerRecord<String, String> poison = record(0, "poison-" + UUID.randomUUID(),
                ownershipEvent().kafkaHeaders(), "not json");
        ConsumerRecord<String, String> refused = valid(1);
        records.add(poison);
        records.add(refused);
        for (int i = 0; i < 4; i++) {
            records.add(valid(i % 2));
        }
        double splitBefore = counter("baton.consumer.batches.split");
        apply(records, ceId(refused));

        List<ConsumerRecord<String, String>> good = new ArrayList<>(records);
        good.remove(poison);
        good.remove(refused);
        assertThat(applied(good)).as("each applied once, though the shared transaction was rolled back")
                .hasSize(8).containsOnly(1);
        assertThat(applied(List.of(refused))).isEmpty();
        assertThat(order(good)).isEqualTo(ids(inPollOrder(good)));
        assertThat(counter("baton.consumer.batches.split") - splitBefore).isEqualTo(1.0);

        List<String> dead = TopicReader.readUntil(SharedInfrastructure.kafka().bootstrapServers(),
                        Topics.deadLetter("marketing-service"),
                        r -> r.key() != null && (r.key().equals(poison.key()) || r.key().equals(refused.key())),
                        found -> found.size() >= 2, Duration.ofSeconds(30))
                .stream().map(ConsumerRecord::key).toList();
        assertThat(dead).containsExactlyInAnyOrder(poison.key(), refused.key());
    }

    /** Applies the records as one poll; the effect refuses the event whose id is {@code refuse} (a poison by content). */
    private void apply(List<ConsumerRecord<String, String>> records, String refuse) {
        Map<TopicPartition, List<ConsumerRecord<String, String>>> byPartition = new java.util.LinkedHashMap<>();
        records.forEach(r -> byPartition.computeIfAbsent(new TopicPartition(r.topic(), r.partition()),
                k -> new ArrayList<>()).add(r));
        applyOnce.events(new ConsumerRecords<>(byPartition, Map.of()), OwnershipChanged.class,
                        (tx, ownership, eventId) -> {
                            if (eventId.equals(refuse)) {
                                throw new InvalidEventException("refused by the test");
                            }
                            return tx.preparedQuery("INSERT INTO consumer_batch_probe (event_id, applied) VALUES ($1, 1)"
                                            + " ON CONFLICT (event_id) DO UPDATE SET applied = consumer_batch_probe.applied + 1")
                                    .execute(Tuple.of(eventId)).replaceWithVoid();
                        })
                .await().atMost(Duration.ofSeconds(60));
    }

    private ConsumerRecord<String, String> valid(int partition) {
        CloudEvent event = ownershipEvent();
        return record(partition, event.subject(), event.kafkaHeaders(), event.data());
    }

    private static CloudEvent ownershipEvent() {
        String leadId = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return CloudEvent.create("handoff-service", EventTypes.OWNERSHIP_CHANGED, leadId, now,
                new OwnershipChanged(leadId, Owner.SALES, "rep-ada", "HANDED_OFF", null, 1,
                        Actor.system("handoff-service"), "test", "test", now));
    }

    private ConsumerRecord<String, String> record(int partition, String key,
            List<org.apache.kafka.common.header.Header> headers, String value) {
        return new ConsumerRecord<>(TOPIC, partition, offset++, System.currentTimeMillis(), TimestampType.CREATE_TIME,
                -1, -1, key, value, new RecordHeaders(headers), Optional.empty());
    }

    /** The records as a poll hands them over: partition by partition, each in offset order. */
    private static List<ConsumerRecord<String, String>> inPollOrder(List<ConsumerRecord<String, String>> records) {
        Map<Integer, List<ConsumerRecord<String, String>>> byPartition = new java.util.LinkedHashMap<>();
        records.forEach(r -> byPartition.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r));
        return byPartition.values().stream().flatMap(List::stream).toList();
    }

    private static String ceId(ConsumerRecord<String, String> record) {
        return new String(record.headers().lastHeader("ce_id").value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static List<String> ids(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerBatchTest::ceId).toList();
    }

    /** How many times each record's event was applied (records never applied are absent). */
    private static List<Integer> applied(List<ConsumerRecord<String, String>> records) throws Exception {
        List<Integer> counts = new ArrayList<>();
        try (Connection db = database();
             PreparedStatement s = db.prepareStatement("SELECT applied FROM consumer_batch_probe WHERE event_id = ANY (?)")) {
            s.setArray(1, db.createArrayOf("text", ids(records).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    counts.add(rs.getInt(1));
                }
            }
        }
        return counts;
    }

    /** The records' event ids in the order they were first applied. */
    private static List<String> order(List<ConsumerRecord<String, String>> records) throws Exception {
        List<String> order = new ArrayList<>();
        try (Connection db = database();
             PreparedStatement s = db.prepareStatement(
                     "SELECT event_id FROM consumer_batch_probe WHERE event_id = ANY (?) ORDER BY seq")) {
            s.setArray(1, db.createArrayOf("text", ids(records).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    order.add(rs.getString(1));
                }
            }
        }
        return order;
    }

    private double transactions() {
        return counter("baton.consumer.transactions");
    }

    private double counter(String name) {
        // Absent until ApplyOnce (a lazily created bean) has been used.
        io.micrometer.core.instrument.Counter counter = registry.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    private static Connection database() throws Exception {
        return DriverManager.getConnection(SharedInfrastructure.postgres().jdbcUrl("marketing"), EmbeddedPostgres.USER,
                EmbeddedPostgres.PASSWORD);
    }
}
