package dev.baton.platform.kafka;

import dev.baton.platform.BatonConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The Kafka clients a service owns outside SmallRye channels: the producer of the outbox relay and dead letters, and an
 * admin client for topic provisioning and the readiness check. Both connect as the SmallRye channels do: with the
 * address and security settings of Quarkus' {@code kafka.*} configuration ({@code KAFKA_BOOTSTRAP_SERVERS},
 * {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_*}, {@code KAFKA_SSL_*}).
 */
@ApplicationScoped
public class KafkaClients {

    /** Besides sasl.* and ssl.*: tls-configuration-name is what Quarkus' TLS registry adds with ssl.engine.factory.class. */
    private static final java.util.Set<String> CONNECTION_KEYS = java.util.Set.of("bootstrap.servers", "security.protocol",
            "security.providers", "client.dns.lookup", "tls-configuration-name");

    private final Map<String, Object> connection;
    private final String service;
    private volatile KafkaProducer<String, String> producer;
    private volatile Admin admin;

    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, BatonConfig config) {
        this.connection = connection(kafkaConfig);
        this.service = config.service();
    }

    /**
     * Where the broker is and how to authenticate to it, out of the {@code kafka.*} settings (which also hold consumer
     * settings, meaningless to a producer or an admin client).
     */
    static Map<String, Object> connection(Map<String, Object> kafkaConfig) {
        Map<String, Object> connection = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (CONNECTION_KEYS.contains(key) || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                connection.put(key, value);
            }
        });
        return Map.copyOf(connection);
    }

    /** The address and security settings, for a client a service builds itself (e.g. a replay consumer). */
    public Map<String, Object> connection() {
        return connection;
    }

    /**
     * The producer settings. {@code acks=all} with idempotence: a record is acknowledged only once every in-sync replica
     * has it, and the broker drops the duplicates of a retried batch. (SmallRye's default {@code acks=1} would silently
     * turn idempotence off.) The delivery timeout is unbounded: while the broker is down the relay waits, the outbox
     * keeps the events, and retries reuse the same producer sequence numbers, so nothing is written twice.
     */
    public Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(connection);
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
                    Map<String, Object> config = new HashMap<>(connection);
                    config.put(AdminClientConfig.CLIENT_ID_CONFIG, service + "-admin");
                    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
                    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
                    config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
                    admin = Admin.create(config);
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
