package dev.baton.testkit;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.EventTypes;
import dev.baton.contract.Json;
import dev.baton.contract.LifecycleDetails;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.LifecycleTransitions;
import dev.baton.contract.Stage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Publishes records straight to a topic, as another service (or a broken producer) would. */
public final class TestEvents {

    private TestEvents() {
    }

    /** Publishes a CloudEvent exactly as a Baton service's outbox relay would. */
    public static void publish(CloudEvent event) {
        send(event.type().topic(), event.subject(), event.kafkaHeaders(), event.data());
    }

    public static void send(String topic, String key, List<Header> headers, String value) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, null, key, value, headers);
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish a test record", e);
        }
    }

    /**
     * A lifecycle event as another service would publish it, its details given as on the wire (names and JSON values)
     * and read into the type's details record; a fact the type does not have is dropped, as a consumer drops it.
     */
    public static LifecycleEvent lifecycleEvent(String leadId, String type, Stage from, Stage to, Actor actor,
            String reason, String causationId, long sequence, Instant occurredAt, Map<String, Object> details) {
        EventTypes eventType = EventTypes.fromShortName(type).filter(EventTypes::isLifecycle)
                .orElseThrow(() -> new IllegalArgumentException("not a lifecycle event type: " + type));
        Map<String, Object> facts = new LinkedHashMap<>();
        details.forEach((name, value) -> facts.put(name, value instanceof Instant at ? at.toString() : value));
        return new LifecycleEvent(leadId, from, to, actor, reason, causationId, sequence, occurredAt,
                Json.mapper().convertValue(facts, LifecycleDetails.classOf(eventType)));
    }

    /**
     * The stage a {@code type} event moves a lead from to reach {@code to}: {@code current} when the transition table
     * allows it, else the first stage it allows (a test's lead may hold a stage the event does not start from).
     */
    public static Stage stageBefore(String type, Stage to, Stage current) {
        EventTypes eventType = EventTypes.fromShortName(type).orElseThrow();
        if (current != null && LifecycleTransitions.allows(eventType, current, to)) {
            return current;
        }
        return LifecycleTransitions.movesOf(eventType).stream().filter(move -> move.to() == to)
                .map(LifecycleTransitions.Move::from).sorted().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + type + " event moves a lead to " + to));
    }

    /** The details of {@code event} as an outside consumer reads them: names and JSON values, absent ones left out. */
    public static Map<String, Object> facts(LifecycleEvent event) {
        return Json.mapper().convertValue(event.details(), new TypeReference<Map<String, Object>>() { });
    }

    public static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
