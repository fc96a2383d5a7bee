package dev.baton.contract;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventContractTest {

    @Test
    void aLifecycleEventRoundTripsThroughItsCloudEventsHeadersAndSchema() {
        LifecycleEvent event = new LifecycleEvent("5b0a0c1e-0000-4000-8000-000000000001", "handed-off", Stage.QUALIFIED,
                Stage.QUALIFIED, Actor.system("handoff-service"), "assigned", "cause-1", 3, Instant.parse("2026-01-01T10:00:00Z"),
                Map.of("repId", "rep-ada", "slaDueAt", "2026-01-01T14:00:00Z", "policy", "ROUND_ROBIN"));
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
                .filter(type -> !type.shortName().equals("churned"))
                .forEach(type -> {
                    LifecycleEvent bare = new LifecycleEvent("lead-1", type.shortName(), Stage.KNOWN, Stage.KNOWN,
                            Actor.system("x"), null, null, 1, Instant.now(), Map.of());
                    assertThatThrownBy(() -> EventSchemas.validate(type, Json.write(bare)))
                            .as("%s without details", type).isInstanceOf(InvalidEventException.class)
                            .hasMessageContaining("does not match");
                });
    }

    @Test
    void aTypeMismatchBetweenHeaderAndDataIsRefused() {
        LifecycleEvent closed = new LifecycleEvent("lead-1", "closed", Stage.QUALIFIED, Stage.CLOSED, Actor.system("x"),
                null, null, 5, Instant.now(), Map.of("outcome", "WON", "opportunityId", "o-1", "repId", "rep-ada"));
        assertThatThrownBy(() -> EventSchemas.validate(EventTypes.RETAINED, Json.write(closed)))
                .isInstanceOf(InvalidEventException.class);
    }
}
