package dev.baton.contract;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every lifecycle type against every pair of stages: the moves the design allows (written out here, stage by stage)
 * and no other; a producer cannot build a disallowed event and a consumer gets a poison record for one.
 */
class LifecycleTransitionsTest {

    private static final Map<EventTypes, Set<String>> ALLOWED = Map.ofEntries(
            entry(EventTypes.IDENTIFIED, Set.of("ANONYMOUS>KNOWN")),
            entry(EventTypes.QUALIFIED, Set.of("KNOWN>QUALIFIED")),
            entry(EventTypes.HANDOFF_REQUESTED, Set.of("QUALIFIED>QUALIFIED")),
            entry(EventTypes.HANDOFF_REFUSED, Set.of("KNOWN>KNOWN", "QUALIFIED>QUALIFIED", "CLOSED>CLOSED",
                    "RETAINED>RETAINED")),
            entry(EventTypes.HANDED_OFF, Set.of("QUALIFIED>QUALIFIED")),
            entry(EventTypes.ACCEPTED, Set.of("QUALIFIED>QUALIFIED")),
            entry(EventTypes.REJECTED, Set.of("QUALIFIED>QUALIFIED")),
            entry(EventTypes.RECYCLED, Set.of("QUALIFIED>KNOWN", "CLOSED>KNOWN")),
            entry(EventTypes.SLA_AT_RISK, Set.of("QUALIFIED>QUALIFIED")),
            entry(EventTypes.SLA_BREACHED, Set.of("QUALIFIED>QUALIFIED")),
            entry(EventTypes.REASSIGNED, Set.of("QUALIFIED>QUALIFIED")),
            entry(EventTypes.CLOSED, Set.of("QUALIFIED>CLOSED", "CLOSED>CLOSED")),
            entry(EventTypes.RETAINED, Set.of("CLOSED>RETAINED")),
            entry(EventTypes.CHURNED, Set.of("RETAINED>CLOSED", "CLOSED>CLOSED")),
            entry(EventTypes.REFERRAL_RECEIVED, Set.of("CLOSED>CLOSED", "RETAINED>RETAINED")),
            entry(EventTypes.MARKETING_SEND_BLOCKED, Set.of("KNOWN>KNOWN", "QUALIFIED>QUALIFIED", "CLOSED>CLOSED",
                    "RETAINED>RETAINED")),
            entry(EventTypes.CONSENT_CHANGED, Set.of("KNOWN>KNOWN", "QUALIFIED>QUALIFIED", "CLOSED>CLOSED",
                    "RETAINED>RETAINED")),
            entry(EventTypes.MERGED, Set.of("KNOWN>KNOWN", "QUALIFIED>QUALIFIED", "CLOSED>CLOSED",
                    "RETAINED>RETAINED")),
            entry(EventTypes.ERASED, Set.of("KNOWN>KNOWN", "QUALIFIED>QUALIFIED", "CLOSED>CLOSED",
                    "RETAINED>RETAINED")),
            entry(EventTypes.ERASURE_CONFIRMED, Set.of("KNOWN>KNOWN", "QUALIFIED>QUALIFIED", "CLOSED>CLOSED",
                    "RETAINED>RETAINED")));

    @ParameterizedTest
    @EnumSource(EventTypes.class)
    void eachLifecycleTypeAllowsExactlyItsMovesAmongAllPairsOfStages(EventTypes type) {
        if (!type.isLifecycle()) {
            assertThat(LifecycleTransitions.movesOf(type)).as("%s is not a lifecycle type", type).isEmpty();
            return;
        }
        Set<String> allowed = new TreeSet<>();
        for (Stage from : Stage.values()) {
            for (Stage to : Stage.values()) {
                if (LifecycleTransitions.allows(type, from, to)) {
                    allowed.add(from + ">" + to);
                }
            }
        }
        assertThat(allowed).as("moves of %s", type).isEqualTo(new TreeSet<>(ALLOWED.get(type)));
    }

    @Test
    void everyLifecycleTypeHasItsMovesWrittenOut() {
        assertThat(ALLOWED.keySet()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(EventTypes.values()).filter(EventTypes::isLifecycle).toList());
    }

    @Test
    void noTypeMovesALeadBackToAnonymous() {
        for (EventTypes type : EventTypes.values()) {
            for (Stage from : Stage.values()) {
                assertThat(LifecycleTransitions.allows(type, from, Stage.ANONYMOUS)).as("%s from %s", type, from)
                        .isFalse();
            }
        }
    }

    @Test
    void aProducerCannotBuildADisallowedMove() {
        assertThatThrownBy(() -> new LifecycleEvent(Samples.LEAD, Stage.KNOWN, Stage.RETAINED, Actor.system("sales-service"),
                null, null, 4, Instant.now(), new LifecycleDetails.Retained("CHECK_IN", "rep-ada")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retained")
                .hasMessageContaining("KNOWN to RETAINED");
    }

    @Test
    void aConsumerReadsADisallowedMoveAsAPoisonRecord() {
        LifecycleEvent valid = Samples.lifecycle(EventTypes.CLOSED);
        CloudEvent event = valid.toCloudEvent("sales-service");
        String skipped = event.data().replace("\"from\":\"" + valid.from() + "\"", "\"from\":\"KNOWN\"");
        assertThat(skipped).contains("\"from\":\"KNOWN\"");

        CloudEvent.Decoded decoded = CloudEvent.decode(new RecordHeaders(event.kafkaHeaders()), skipped);

        assertThatThrownBy(() -> decoded.dataAs(LifecycleEvent.class)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("KNOWN to CLOSED");
    }
}
