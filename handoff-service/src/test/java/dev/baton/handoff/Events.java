package dev.baton.handoff;

import dev.baton.contract.CloudEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Publishes records straight to the shared broker ({@link HandoffInfrastructure}), as another service (or a broken
 * producer) would: the test kit's {@code TestEvents} would reach the broker of the current class loader only.
 */
final class Events {

    private static KafkaProducer<String, String> producer;

    private Events() {
    }

    /** Publishes a CloudEvent exactly as a Baton service's outbox relay would. */
    static void publish(CloudEvent event) {
        send(event.type().topic(), event.subject(), event.kafkaHeaders(), event.data());
    }

    static void send(String topic, String key, List<Header> headers, String value) {
        try {
            producer().send(new ProducerRecord<>(topic, null, key, value, headers)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish a test record", e);
        }
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, HandoffInfrastructure.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
        }
        return producer;
    }
}
