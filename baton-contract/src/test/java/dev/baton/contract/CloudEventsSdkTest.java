package dev.baton.contract;

import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Baton's envelope is the CloudEvents Kafka binding's binary mode, as the CloudEvents Java SDK reads and writes it: a
 * Baton record read by the SDK gives every attribute back, and an event the SDK writes is read by Baton.
 */
class CloudEventsSdkTest {

    private static final String LEAD = "5b0a0c1e-0000-4000-8000-000000000001";

    @Test
    void theSdkReadsABatonRecord() {
        LifecycleEvent event = new LifecycleEvent(LEAD, Stage.KNOWN, Stage.QUALIFIED,
                Actor.system("marketing-service"), "score", "cause-1", 2, Instant.parse("2026-01-01T10:00:00Z"),
                new LifecycleDetails.Qualified(72, "SCORE", true, null, null, null, null));
        CloudEvent baton = event.toCloudEvent("marketing-service");
        RecordHeaders headers = new RecordHeaders(baton.kafkaHeaders());

        io.cloudevents.CloudEvent read;
        try (CloudEventDeserializer sdk = new CloudEventDeserializer()) {
            read = sdk.deserialize(Topics.LIFECYCLE, headers, baton.data().getBytes(StandardCharsets.UTF_8));
        }

        assertThat(read.getSpecVersion()).isEqualTo(SpecVersion.V1);
        assertThat(read.getId()).isEqualTo(baton.id());
        assertThat(read.getSource()).isEqualTo(URI.create("/baton/marketing-service"));
        assertThat(read.getType()).isEqualTo(EventTypes.QUALIFIED.ceType());
        assertThat(read.getSubject()).isEqualTo(LEAD);
        assertThat(read.getTime().toInstant()).isEqualTo(baton.time());
        assertThat(read.getDataSchema()).isEqualTo(URI.create(EventTypes.QUALIFIED.dataSchemaUri()));
        assertThat(read.getDataContentType()).isEqualTo("application/json");
        assertThat(new String(read.getData().toBytes(), StandardCharsets.UTF_8)).isEqualTo(baton.data());
        assertThat(read.getExtensionNames()).isEmpty();
    }

    @Test
    void batonReadsARecordTheSdkWrote() {
        String data = new LifecycleEvent(LEAD, Stage.QUALIFIED, Stage.CLOSED, Actor.system("sales-service"),
                "won", null, 7, Instant.parse("2026-01-02T10:00:00Z"), new LifecycleDetails.Closed("WON", null, "o-1", "rep-ada"))
                .toCloudEvent("sales-service").data();
        String id = UUID.randomUUID().toString();
        io.cloudevents.CloudEvent written = CloudEventBuilder.v1().withId(id)
                .withSource(URI.create("/baton/sales-service")).withType(EventTypes.CLOSED.ceType()).withSubject(LEAD)
                .withTime(Instant.parse("2026-01-02T10:00:00Z").atOffset(ZoneOffset.UTC))
                .withDataSchema(URI.create(EventTypes.CLOSED.dataSchemaUri()))
                .withData("application/json", data.getBytes(StandardCharsets.UTF_8)).build();
        RecordHeaders headers = new RecordHeaders();
        byte[] value;
        try (CloudEventSerializer sdk = new CloudEventSerializer()) {
            sdk.configure(Map.of(), false);
            value = sdk.serialize(Topics.LIFECYCLE, headers, written);
        }

        CloudEvent.Decoded decoded = CloudEvent.decode(headers, new String(value, StandardCharsets.UTF_8));

        assertThat(decoded.event().id()).isEqualTo(id);
        assertThat(decoded.event().type()).isEqualTo(EventTypes.CLOSED);
        assertThat(decoded.event().subject()).isEqualTo(LEAD);
        assertThat(decoded.event().source()).isEqualTo("/baton/sales-service");
        assertThat(decoded.dataAs(LifecycleEvent.class).to()).isEqualTo(Stage.CLOSED);
    }
}
