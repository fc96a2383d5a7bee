package dev.baton.platform.consumer;

import dev.baton.contract.Topics;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.kafka.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a poison record to this service's dead-letter topic ({@code <service>.dlq.v1}) with the original key, value
 * and headers, plus headers that say where it came from and why it was refused.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String ERROR = "baton-dlq-error";
    public static final String ORIGINAL_TOPIC = "baton-dlq-original-topic";
    public static final String ORIGINAL_PARTITION = "baton-dlq-original-partition";
    public static final String ORIGINAL_OFFSET = "baton-dlq-original-offset";
    public static final String CONSUMER_GROUP = "baton-dlq-consumer-group";
    public static final String FAILED_AT = "baton-dlq-failed-at";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final KafkaClients clients;
    private final String service;

    public DeadLetters(KafkaClients clients, BatonConfig config) {
        this.clients = clients;
        this.service = config.service();
    }

    public String topic() {
        return Topics.deadLetter(service);
    }

    /** Blocks until the dead-letter topic has the record (acks=all). */
    public void send(ConsumerRecord<String, String> record, String error) {
        ProducerRecord<String, String> letter = new ProducerRecord<>(topic(), null, record.key(), record.value());
        for (Header header : record.headers()) {
            letter.headers().add(header);
        }
        letter.headers()
                .add(header(ERROR, error))
                .add(header(ORIGINAL_TOPIC, record.topic()))
                .add(header(ORIGINAL_PARTITION, Integer.toString(record.partition())))
                .add(header(ORIGINAL_OFFSET, Long.toString(record.offset())))
                .add(header(CONSUMER_GROUP, service))
                .add(header(FAILED_AT, Instant.now().toString()));
        try {
            clients.producer().send(letter).get(60, TimeUnit.SECONDS);
            // The reason stays in the record's header: it may quote the event's data.
            LOG.warnf("dead-lettered %s-%d@%d (reason in header %s)", record.topic(), record.partition(),
                    record.offset(), ERROR);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("dead-letter topic unavailable", e);
        }
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
