package dev.baton.faults.workload;

import dev.baton.contract.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Poison records sent on purpose, straight to consumed topics (not through any service), each marked with a
 * {@value #HEADER} header that the dead letters keep: the dead-letter topics must hold exactly these, once per group
 * that consumes the topic.
 */
public final class Poison implements AutoCloseable {

    public static final String HEADER = "faults-poison-id";

    /** One poison record: which groups must dead-letter it. */
    public record Sent(String id, String kind, String topic, List<String> groups) {
    }

    private static final Map<String, List<String>> CONSUMERS = Map.of(
            Topics.LIFECYCLE, List.of("marketing-service", "handoff-service", "sales-service"),
            Topics.OWNERSHIP, List.of("marketing-service", "sales-service"),
            Topics.SALES_RESPONSES, List.of("handoff-service"));

    private final KafkaProducer<String, String> producer;
    private int next;

    public Poison(String bootstrap) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000), new StringSerializer(), new StringSerializer());
    }

    /** Sends the next kind of poison in turn (not JSON; wrong schema; unknown type) and waits for the broker. */
    public Sent sendNext() throws Exception {
        String id = UUID.randomUUID().toString();
        String lead = UUID.randomUUID().toString();
        ProducerRecord<String, String> record;
        String kind;
        switch (next++ % 3) {
            case 0 -> {
                kind = "not JSON, no CloudEvents headers";
                record = new ProducerRecord<>(Topics.LIFECYCLE, lead, "{this is not json");
            }
            case 1 -> {
                kind = "ownership-changed that breaks its schema";
                record = cloudEvent(Topics.OWNERSHIP, lead, "dev.baton.lead.ownership-changed.v1",
                        "{\"leadId\":\"" + lead + "\",\"owner\":\"NOBODY\",\"version\":\"first\"}");
            }
            default -> {
                kind = "unknown event type";
                record = cloudEvent(Topics.SALES_RESPONSES, lead, "dev.baton.sales.no-such-thing.v1", "{\"leadId\":\"" + lead + "\"}");
            }
        }
        record.headers().add(new RecordHeader(HEADER, id.getBytes(StandardCharsets.UTF_8)));
        producer.send(record).get(60, TimeUnit.SECONDS);
        return new Sent(id, kind, record.topic(), CONSUMERS.get(record.topic()));
    }

    private static ProducerRecord<String, String> cloudEvent(String topic, String subject, String type, String data) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, subject, data);
        add(record, "ce_specversion", "1.0");
        add(record, "ce_id", UUID.randomUUID().toString());
        add(record, "ce_source", "/baton/fault-suite");
        add(record, "ce_type", type);
        add(record, "ce_subject", subject);
        add(record, "ce_time", Instant.now().toString());
        add(record, "content-type", "application/json");
        return record;
    }

    private static void add(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
