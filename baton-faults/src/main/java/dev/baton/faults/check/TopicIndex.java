package dev.baton.faults.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contract.Json;
import dev.baton.contract.Topics;
import dev.baton.faults.workload.Poison;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;


/**
 * The topics as an outside reader sees them: one plain consumer (no group) assigned to every partition, read from the
 * beginning and then on from where it stopped, folded into per-lead indexes. Records are told apart by their
 * CloudEvents id: a record re-published with the same id counts once (and is counted as re-published).
 */
public final class TopicIndex implements AutoCloseable {

    /** The groups' dead-letter topics. */
    public static final List<String> DEAD_LETTERS = Topics.GROUPS.stream().map(Topics::deadLetter).toList();
    private static final List<String> TOPICS = new ArrayList<>(List.of(Topics.LIFECYCLE, Topics.OWNERSHIP,
            Topics.ENGAGEMENT, Topics.SALES_RESPONSES));

    static {
        TOPICS.addAll(DEAD_LETTERS);
    }

    /** One ownership record: its version and what it says. */
    public record OwnershipRecord(String id, long version, String owner, String repId, String status) {
    }

    /** One dead letter: the poison id it carries (null if none), the group and the original topic. */
    public record DeadLetter(String poisonId, String group, String originalTopic, String key, String error) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final Map<String, LinkedHashMap<String, LifecycleRecord>> lifecycle = new HashMap<>();
    private final Map<String, LinkedHashMap<String, OwnershipRecord>> ownership = new HashMap<>();
    private final Map<String, Map<String, Integer>> responses = new HashMap<>();
    private final Set<String> responseIds = new HashSet<>();
    private final Map<String, String> engagementIdOf = new HashMap<>();
    private final Map<String, Set<String>> engagementDuplicates = new HashMap<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final Set<String> dirtyLeads = new HashSet<>();
    private final Map<String, Long> unreadable = new LinkedHashMap<>();
    private long republished;

    public TopicIndex(String bootstrap) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000, ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000),
                new StringDeserializer(), new StringDeserializer());
    }

    /** Reads everything up to the end offsets of now (bounded); false if the broker did not let it finish in time. */
    public synchronized boolean catchUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            assignNewPartitions();
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(10));
            while (System.nanoTime() < deadline) {
                boolean done = true;
                for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                    if (consumer.position(end.getKey(), Duration.ofSeconds(10)) < end.getValue()) {
                        done = false;
                        break;
                    }
                }
                if (done) {
                    return true;
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    index(record);
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException notNow) {
            return false;
        }
        return false;
    }

    private void assignNewPartitions() {
        Set<TopicPartition> partitions = new HashSet<>(consumer.assignment());
        Set<TopicPartition> added = new HashSet<>();
        for (String topic : TOPICS) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null) {
                continue;
            }
            for (PartitionInfo info : infos) {
                TopicPartition partition = new TopicPartition(topic, info.partition());
                if (partitions.add(partition)) {
                    added.add(partition);
                }
            }
        }
        if (!added.isEmpty()) {
            consumer.assign(partitions);
            consumer.seekToBeginning(added);
        }
    }

    /** Folds one record into the indexes (package-private for the tests). */
    void index(ConsumerRecord<String, String> record) {
        String topic = record.topic();
        if (DEAD_LETTERS.contains(topic)) {
            deadLetters.add(new DeadLetter(header(record, Poison.HEADER), header(record, "baton-dlq-consumer-group"),
                    header(record, "baton-dlq-original-topic"), record.key(), header(record, "baton-dlq-error")));
            return;
        }
        if (header(record, Poison.HEADER) != null) {
            return;
        }
        String id = header(record, "ce_id");
        String position = topic + "-" + record.partition() + "@" + record.offset();
        try {
            switch (topic) {
                case Topics.LIFECYCLE -> lifecycle(record, id, position);
                case Topics.OWNERSHIP -> ownership(record, id);
                case Topics.ENGAGEMENT -> engagement(record, id);
                case Topics.SALES_RESPONSES -> response(record, id);
                default -> {
                }
            }
        } catch (RuntimeException | java.io.IOException e) {
            unreadable.merge(topic, 1L, Long::sum);
        }
    }

    private void lifecycle(ConsumerRecord<String, String> record, String id, String position) throws java.io.IOException {
        JsonNode data = Json.mapper().readTree(record.value());
        String lead = data.path("leadId").asText(record.key());
        LinkedHashMap<String, LifecycleRecord> events = lifecycle.computeIfAbsent(lead, l -> new LinkedHashMap<>());
        if (events.containsKey(id)) {
            republished++;
            return;
        }
        events.put(id, new LifecycleRecord(id, data.path("type").asText(), data.path("sequence").asLong(),
                data.path("to").asText(), data.path("details"), position));
        dirtyLeads.add(lead);
    }

    private void ownership(ConsumerRecord<String, String> record, String id) throws java.io.IOException {
        JsonNode data = Json.mapper().readTree(record.value());
        String lead = data.path("leadId").asText(record.key());
        LinkedHashMap<String, OwnershipRecord> records = ownership.computeIfAbsent(lead, l -> new LinkedHashMap<>());
        if (records.containsKey(id)) {
            republished++;
            return;
        }
        records.put(id, new OwnershipRecord(id, data.path("version").asLong(), data.path("owner").asText(null),
                data.path("repId").asText(null), data.path("status").asText(null)));
        dirtyLeads.add(lead);
    }

    private void engagement(ConsumerRecord<String, String> record, String id) throws java.io.IOException {
        JsonNode data = Json.mapper().readTree(record.value());
        String eventId = data.path("eventId").asText();
        String first = engagementIdOf.putIfAbsent(eventId, id);
        if (first == null) {
            return;
        }
        if (first.equals(id)) {
            republished++;
        } else {
            engagementDuplicates.computeIfAbsent(eventId, e -> new HashSet<>(Set.of(first))).add(id);
        }
    }

    private void response(ConsumerRecord<String, String> record, String id) {
        if (!responseIds.add(id)) {
            republished++;
            return;
        }
        String type = header(record, "ce_type");
        String shortType = type == null ? "?" : type.replaceFirst("^dev\\.baton\\.sales\\.", "").replaceFirst("\\.v\\d+$", "");
        responses.computeIfAbsent(record.key(), l -> new HashMap<>()).merge("response:" + shortType, 1, Integer::sum);
        dirtyLeads.add(record.key());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A lead's lifecycle events, deduplicated by id, in the order first read. */
    public synchronized List<LifecycleRecord> lifecycle(String lead) {
        LinkedHashMap<String, LifecycleRecord> events = lifecycle.get(lead);
        return events == null ? List.of() : List.copyOf(events.values());
    }

    public synchronized List<OwnershipRecord> ownership(String lead) {
        LinkedHashMap<String, OwnershipRecord> records = ownership.get(lead);
        return records == null ? List.of() : List.copyOf(records.values());
    }

    /** How many distinct sales responses of a bucket ({@code response:handoff-response}) a lead has. */
    public synchronized int responses(String lead, String bucket) {
        Map<String, Integer> counts = responses.get(lead);
        return counts == null ? 0 : counts.getOrDefault(bucket, 0);
    }

    public synchronized boolean hasEngagement(String eventId) {
        return engagementIdOf.containsKey(eventId);
    }

    /** Engagement events published under more than one CloudEvents id: eventId to those ids. */
    public synchronized Map<String, Set<String>> engagementDuplicates() {
        return Map.copyOf(engagementDuplicates);
    }

    public synchronized List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }

    public synchronized Set<String> leads() {
        return Set.copyOf(lifecycle.keySet());
    }

    /** The leads with new records since the last call. */
    public synchronized Set<String> drainDirty() {
        Set<String> dirty = new HashSet<>(dirtyLeads);
        dirtyLeads.clear();
        return dirty;
    }

    /** Records re-published with an id already read (allowed by the contract; counted once). */
    public synchronized long republished() {
        return republished;
    }

    /** Records that could not be read as Baton events, per topic (poison aside). */
    public synchronized Map<String, Long> unreadable() {
        return Map.copyOf(unreadable);
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(2));
    }

}
