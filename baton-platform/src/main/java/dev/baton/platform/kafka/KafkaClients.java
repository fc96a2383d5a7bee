package dev.baton.platform.kafka;

import dev.baton.platform.BatonConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The Kafka clients a service owns outside SmallRye channels: the producer of the outbox relay and dead letters, and an
 * admin client for topic provisioning and the readiness check. Both read the standard {@code kafka.bootstrap.servers}
 * ({@code KAFKA_BOOTSTRAP_SERVERS}).
 */
@ApplicationScoped
public class KafkaClients {

    private final String bootstrapServers;
    private final String service;
    private volatile KafkaProducer<String, String> producer;
    private volatile Admin admin;

    public KafkaClients(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, BatonConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.service = config.service();
    }

    /**
     * The producer settings. {@code acks=all} with idempotence: a record is acknowledged only once every in-sync replica
     * has it, and the broker drops the duplicates of a retried batch. (SmallRye's default {@code acks=1} would silently
     * turn idempotence off.) The delivery timeout is unbounded: while the broker is down the relay waits, the outbox
     * keeps the events, and retries reuse the same producer sequence numbers, so nothing is written twice.
     */
    public Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, service + "-outbox");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        // A send blocks (no metadata, full buffer) for less than the relay's lease margin, so the relay never sends
        // past its lease.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        // The relay hands the producer up to a round of events at once: 128 kB batches (default 16 kB) carry them
        // in fewer produce requests.
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 131_072);
        // The relay waits for each round's acknowledgements before the next, so a round (a few MB at most) is all the
        // producer ever buffers; the default 32 MB pool of batch buffers would sit in a small service heap for nothing.
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 8L * 1024 * 1024);
        // No compression (Kafka's default): the lz4 codec of kafka-clients 4 is pure Java and took a fifth of
        // marketing-service's CPU at 20k events/s, to save bandwidth that a cluster's network has.
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        return config;
    }

    public KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(producerConfig());
                }
                current = producer;
            }
        }
        return current;
    }

    /**
     * Drops the producer without waiting: what it has not sent is discarded (the relay lost its lease, and another
     * replica publishes those events now). The next {@link #producer()} is a new one.
     */
    public synchronized void resetProducer() {
        KafkaProducer<String, String> current = producer;
        producer = null;
        if (current != null) {
            current.close(Duration.ZERO);
        }
    }

    public Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(Map.of(
                            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                            AdminClientConfig.CLIENT_ID_CONFIG, service + "-admin",
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                            AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000));
                }
                current = admin;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
