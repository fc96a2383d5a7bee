package dev.baton.bench;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the records of {@code marketing.engagement.v1} written since a set of offsets whose eventId starts with a
 * prefix: the overload step tags its events so that "nothing accepted is lost" is checked on the topic itself.
 */
final class EngagementCount {

    static final String TOPIC = "marketing.engagement.v1";

    private EngagementCount() {
    }

    /** The topic's end offsets now. */
    static Map<TopicPartition, Long> ends(String bootstrap) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            return new HashMap<>(consumer.endOffsets(partitions));
        }
    }

    /**
     * Reads from {@code from} on, counting the records whose value holds {@code "eventId":"PREFIX}, until the count
     * reaches {@code expected} or {@code patience} passes with nothing new; returns the count.
     */
    static long await(String bootstrap, Map<TopicPartition, Long> from, String idPrefix, long expected,
            Duration patience) {
        byte[] marker = ("\"eventId\":\"" + idPrefix).getBytes(StandardCharsets.UTF_8);
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long quietSince = System.nanoTime();
            while (count < expected && System.nanoTime() - quietSince < patience.toNanos()) {
                int seen = 0;
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    seen++;
                    if (record.value() != null && contains(record.value(), marker)) {
                        count++;
                    }
                }
                if (seen > 0) {
                    quietSince = System.nanoTime();
                }
            }
            // Read on to the end as it is now: a record published twice would show up here.
            Map<TopicPartition, Long> ends = consumer.endOffsets(from.keySet());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && ends.entrySet().stream()
                    .anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null && contains(record.value(), marker)) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    static boolean contains(byte[] value, byte[] marker) {
        outer:
        for (int i = 0; i <= value.length - marker.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (value[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }
}
