package dev.baton.faults.check;

import dev.baton.contract.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The consumer groups' lag as an outside reader measures it: committed offsets ({@code listConsumerGroupOffsets})
 * against the partitions' end offsets, for the topics each group consumes.
 */
public final class Lag implements AutoCloseable {

    /** What each service's group consumes. */
    public static final Map<String, List<String>> CONSUMED = Map.of(
            "marketing-service", List.of(Topics.LIFECYCLE, Topics.OWNERSHIP),
            "handoff-service", List.of(Topics.LIFECYCLE, Topics.SALES_RESPONSES),
            "sales-service", List.of(Topics.LIFECYCLE, Topics.OWNERSHIP));

    /** One measurement: per group, per partition, what is committed; and the end offsets. */
    public record Snapshot(Map<String, Map<TopicPartition, Long>> committed, Map<TopicPartition, Long> ends) {

        /** Records past the committed offsets, over all groups. */
        public long total() {
            return behind(ends);
        }

        /** Records before {@code target} (end offsets of an earlier instant) not yet committed, over all groups. */
        public long behind(Map<TopicPartition, Long> target) {
            long sum = 0;
            for (Map.Entry<String, List<String>> group : CONSUMED.entrySet()) {
                Map<TopicPartition, Long> done = committed.getOrDefault(group.getKey(), Map.of());
                for (Map.Entry<TopicPartition, Long> end : target.entrySet()) {
                    if (group.getValue().contains(end.getKey().topic())) {
                        sum += Math.max(0, end.getValue() - done.getOrDefault(end.getKey(), 0L));
                    }
                }
            }
            return sum;
        }
    }

    private final Admin admin;
    private List<TopicPartition> partitions;

    public Lag(String bootstrap) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4_000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
    }

    /** Measures now; null when the broker does not answer (down, paused). */
    public Snapshot snapshot() {
        try {
            if (partitions == null) {
                partitions = partitions();
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(5, TimeUnit.SECONDS);
            Map<TopicPartition, Long> endOffsets = new HashMap<>();
            ends.forEach((p, info) -> endOffsets.put(p, info.offset()));
            Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
            for (String group : CONSUMED.keySet()) {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
                Map<TopicPartition, Long> done = new HashMap<>();
                offsets.forEach((p, o) -> {
                    if (o != null) {
                        done.put(p, o.offset());
                    }
                });
                committed.put(group, done);
            }
            return new Snapshot(committed, endOffsets);
        } catch (Exception unavailable) {
            if (unavailable instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
    }

    private List<TopicPartition> partitions() throws Exception {
        List<String> topics = List.of(Topics.LIFECYCLE, Topics.OWNERSHIP, Topics.SALES_RESPONSES);
        Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS);
        return descriptions.values().stream().flatMap(d -> d.partitions().stream()
                .map(p -> new TopicPartition(d.name(), p.partition()))).toList();
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
