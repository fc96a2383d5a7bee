package dev.baton.contract;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event in the Kafka protocol binding's binary content mode: the attributes travel as {@code ce_*}
 * headers, the record value is the JSON data and the record key is the subject (the lead id, or the visitor id for
 * anonymous engagement).
 *
 * <p>Written by hand rather than with the CloudEvents Java SDK: the outbox stores each event's headers and data as rows
 * and the relay publishes them as stored (identical bytes on every re-publish), and decoding must refuse what Baton's
 * schemas refuse. The SDK reads and writes the same records ({@code CloudEventsSdkTest}, {@code LeadJourneyIT}).
 *
 * @param id          unique per event; consumers use it to drop duplicates
 * @param source      the publishing service, e.g. {@code /baton/marketing-service}
 * @param type        the event type
 * @param subject     the lead id (or visitor id)
 * @param time        when the change was committed
 * @param data        the JSON data
 */
public record CloudEvent(String id, String source, EventTypes type, String subject, Instant time, String data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    public static CloudEvent create(String service, EventTypes type, String subject, Instant time, Object data) {
        return new CloudEvent(UUID.randomUUID().toString(), sourceOf(service), type, subject, time, Json.write(data));
    }

    public static String sourceOf(String service) {
        return "/baton/" + service;
    }

    public List<Header> kafkaHeaders() {
        List<Header> headers = new ArrayList<>(8);
        headers.add(header("ce_specversion", SPEC_VERSION));
        headers.add(header("ce_id", id));
        headers.add(header("ce_source", source));
        headers.add(header("ce_type", type.ceType()));
        headers.add(header("ce_subject", subject));
        headers.add(header("ce_time", time.toString()));
        headers.add(header("ce_dataschema", type.dataSchemaUri()));
        headers.add(header("content-type", CONTENT_TYPE));
        return headers;
    }

    /**
     * Reads and checks an event from a Kafka record: every required attribute present, a known type, JSON data that
     * is valid against the type's schema.
     *
     * @throws InvalidEventException when the record is not a valid Baton event (a poison record)
     */
    public static Decoded decode(Headers headers, String value) {
        String spec = text(headers, "ce_specversion");
        if (!SPEC_VERSION.equals(spec)) {
            throw new InvalidEventException("not a CloudEvents " + SPEC_VERSION + " record (ce_specversion=" + spec + ")");
        }
        String id = required(headers, "ce_id");
        String source = required(headers, "ce_source");
        String ceType = required(headers, "ce_type");
        EventTypes type = EventTypes.fromCeType(ceType)
                .orElseThrow(() -> new InvalidEventException("unknown event type " + ceType));
        String subject = text(headers, "ce_subject");
        Instant time;
        try {
            time = Instant.parse(required(headers, "ce_time"));
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidEventException("ce_time is not an RFC 3339 time");
        }
        if (value == null) {
            throw new InvalidEventException("event " + id + " has no data");
        }
        JsonNode data = EventSchemas.validate(type, value);
        return new Decoded(new CloudEvent(id, source, type, subject, time, value), data);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static String required(Headers headers, String name) {
        String value = text(headers, name);
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("missing CloudEvents attribute " + name);
        }
        return value;
    }

    private static String text(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A decoded, schema-valid event. */
    public record Decoded(CloudEvent event, JsonNode data) {

        public <T> T dataAs(Class<T> type) {
            try {
                return Json.mapper().treeToValue(data, type);
            } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                throw new InvalidEventException("data of " + event.type().ceType() + " does not bind: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        }
    }
}
