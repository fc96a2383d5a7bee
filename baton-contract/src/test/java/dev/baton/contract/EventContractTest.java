package dev.baton.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventContractTest {

    @Test
    void aLifecycleEventRoundTripsThroughItsCloudEventsHeadersAndSchema() {
        LifecycleEvent event = new LifecycleEvent("5b0a0c1e-0000-4000-8000-000000000001", Stage.QUALIFIED,
                Stage.QUALIFIED, Actor.system("handoff-service"), "assigned", "cause-1", 3, Instant.parse("2026-01-01T10:00:00Z"),
                new LifecycleDetails.HandedOff("rep-ada", null, Instant.parse("2026-01-01T14:00:00Z"), null,
                        "ROUND_ROBIN", null, null, null));
        CloudEvent cloudEvent = event.toCloudEvent("handoff-service");
        RecordHeaders headers = new RecordHeaders(cloudEvent.kafkaHeaders());

        CloudEvent.Decoded decoded = CloudEvent.decode(headers, cloudEvent.data());

        assertThat(decoded.event().type()).isEqualTo(EventTypes.HANDED_OFF);
        assertThat(decoded.event().source()).isEqualTo("/baton/handoff-service");
        assertThat(decoded.event().subject()).isEqualTo(event.leadId());
        assertThat(decoded.dataAs(LifecycleEvent.class)).isEqualTo(event);
    }

    @Test
    void eachLifecycleTypeRefusesDataWithoutItsRequiredDetails() {
        Arrays.stream(EventTypes.values()).filter(EventTypes::isLifecycle)
                .filter(type -> type != EventTypes.CHURNED)
                .forEach(type -> {
                    ObjectNode bare = Json.mapper().valueToTree(Samples.lifecycle(type));
                    bare.putObject("details");
                    assertThatThrownBy(() -> EventSchemas.validate(type, bare.toString()))
                            .as("%s without details", type).isInstanceOf(InvalidEventException.class)
                            .hasMessageContaining("does not match");
                });
    }

    @Test
    void aTypeMismatchBetweenHeaderAndDataIsRefused() {
        LifecycleEvent closed = new LifecycleEvent("lead-1", Stage.QUALIFIED, Stage.CLOSED, Actor.system("x"),
                null, null, 5, Instant.now(), new LifecycleDetails.Closed("WON", null, "o-1", "rep-ada"));
        assertThatThrownBy(() -> EventSchemas.validate(EventTypes.RETAINED, Json.write(closed)))
                .isInstanceOf(InvalidEventException.class);
    }

    @Test
    void detailsAFutureProducerAddsAreToleratedByThisVersion() {
        ObjectNode data = Json.mapper().valueToTree(Samples.lifecycle(EventTypes.HANDED_OFF));
        ((ObjectNode) data.path("details")).put("territoryScore", 7);
        CloudEvent.Decoded decoded = CloudEvent.decode(new RecordHeaders(Samples.lifecycle(EventTypes.HANDED_OFF)
                .toCloudEvent("handoff-service").kafkaHeaders()), data.toString());
        assertThat(decoded.dataAs(LifecycleEvent.class)).isEqualTo(Samples.lifecycle(EventTypes.HANDED_OFF));
    }
}
