package dev.baton.contract;

import java.util.List;
import java.util.Map;

/**
 * Every topic Baton uses, with its partitions and configs. The services create them at start (the broker's
 * auto-create is off) and {@code deploy/} declares the same ones as Strimzi KafkaTopics.
 */
public final class Topics {

    /** All lifecycle transitions; key = lead id; long retention so that the registry and projections can be replayed. */
    public static final String LIFECYCLE = "lead.lifecycle.v1";
    /** Current owner and rep of each lead; key = lead id; compacted. */
    public static final String OWNERSHIP = "lead.ownership.v1";
    /** Engagement recorded by marketing; key = lead id, or the device's pseudonym while anonymous. */
    public static final String ENGAGEMENT = "marketing.engagement.v1";
    /** Nurture and retention sends marketing recorded, for the systems that deliver them; key = lead id. */
    public static final String SENDS = "marketing.sends.v1";
    /** A rep's (or assistant's) answer to a handoff, from sales to the handoff service; key = lead id. */
    public static final String SALES_RESPONSES = "sales.responses.v1";
    /** Pipeline stage moves of sales opportunities (inside QUALIFIED, then WON or LOST); key = lead id. */
    public static final String SALES_PIPELINE = "sales.pipeline.v1";

    /** The consuming groups, one per service; each has its own dead-letter topic. */
    public static final List<String> GROUPS = List.of("marketing-service", "handoff-service", "sales-service");

    private Topics() {
    }

    /** The dead-letter topic of a consuming group. */
    public static String deadLetter(String group) {
        return group + ".dlq.v1";
    }

    /**
     * The topic catalog.
     *
     * @param partitions        partitions of each keyed topic
     * @param replicationFactor replicas of every topic (1 on one machine, 3 in production)
     * @param minInsyncReplicas {@code min.insync.replicas} of every topic
     */
    public static List<TopicSpec> catalog(int partitions, short replicationFactor, int minInsyncReplicas) {
        String minIsr = Integer.toString(minInsyncReplicas);
        var topics = new java.util.ArrayList<TopicSpec>();
        topics.add(new TopicSpec(LIFECYCLE, partitions, replicationFactor, Map.of(
                "cleanup.policy", "delete",
                "retention.ms", "-1",
                "min.insync.replicas", minIsr)));
        topics.add(new TopicSpec(OWNERSHIP, partitions, replicationFactor, Map.of(
                "cleanup.policy", "compact",
                "min.compaction.lag.ms", "60000",
                "min.insync.replicas", minIsr)));
        topics.add(new TopicSpec(ENGAGEMENT, partitions, replicationFactor, Map.of(
                "cleanup.policy", "delete",
                "retention.ms", Long.toString(30L * 24 * 3600 * 1000),
                "min.insync.replicas", minIsr)));
        topics.add(new TopicSpec(SENDS, partitions, replicationFactor, Map.of(
                "cleanup.policy", "delete",
                "retention.ms", Long.toString(30L * 24 * 3600 * 1000),
                "min.insync.replicas", minIsr)));
        topics.add(new TopicSpec(SALES_RESPONSES, partitions, replicationFactor, Map.of(
                "cleanup.policy", "delete",
                "retention.ms", Long.toString(30L * 24 * 3600 * 1000),
                "min.insync.replicas", minIsr)));
        topics.add(new TopicSpec(SALES_PIPELINE, partitions, replicationFactor, Map.of(
                "cleanup.policy", "delete",
                "retention.ms", "-1",
                "min.insync.replicas", minIsr)));
        // Dead letters: 30 days, the erasure deadline (records a consumer could not read cannot be erased by person).
        for (String group : GROUPS) {
            topics.add(new TopicSpec(deadLetter(group), 1, replicationFactor, Map.of(
                    "cleanup.policy", "delete",
                    "retention.ms", Long.toString(30L * 24 * 3600 * 1000),
                    "min.insync.replicas", minIsr)));
        }
        return List.copyOf(topics);
    }

    /** One topic as it must exist on the broker. */
    public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {
    }
}
