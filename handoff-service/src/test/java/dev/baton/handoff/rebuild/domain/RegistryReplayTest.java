package dev.baton.handoff.rebuild.domain;

import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Owner;
import dev.baton.contract.Stage;
import dev.baton.handoff.ownership.domain.Ownership;
import dev.baton.testkit.TestEvents;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The rebuild's fold of the lifecycle topic, and how it is compared with the live registry. */
class RegistryReplayTest {

    private static final String LEAD = UUID.randomUUID().toString();
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    /** The details the events' schemas require. */
    private static final Map<String, Object> IDENTIFIED = Map.of("conversionKind", "FORM");
    private static final Map<String, Object> QUALIFIED = Map.of("score", 80, "trigger", "SCORE");

    private static CloudEvent event(String service, String type, Stage to, long seq, Map<String, Object> details) {
        return TestEvents.lifecycleEvent(LEAD, type, TestEvents.stageBefore(type, to, null), to, Actor.system(service), null, "cause-" + seq, seq,
                T0.plusSeconds(seq), details).toCloudEvent(service);
    }

    private static CloudEvent.Decoded decoded(CloudEvent event) {
        return CloudEvent.decode(new RecordHeaders(event.kafkaHeaders()), event.data());
    }

    @Test
    void theTopicFoldsIntoTheRowsAndOwnershipChangesOfEachLead() {
        RegistryReplay replay = new RegistryReplay(CloudEvent.sourceOf("handoff-service"));

        assertThat(replay.fold(decoded(event("marketing-service", "identified", Stage.KNOWN, 1, IDENTIFIED)))).isTrue();
        assertThat(replay.fold(decoded(event("marketing-service", "qualified", Stage.QUALIFIED, 2, QUALIFIED))))
                .isTrue();
        CloudEvent handedOff = event("handoff-service", "handed-off", Stage.QUALIFIED, 3, Map.of("repId", "rep-ada",
                "slaDueAt", "2026-03-01T14:00:00Z", "policy", "ROUND_ROBIN"));
        assertThat(replay.fold(decoded(handedOff))).isTrue();
        assertThat(replay.fold(decoded(handedOff))).as("a duplicate delivery is valid, and applied once").isTrue();

        Ownership row = replay.rows().get(UUID.fromString(LEAD));
        assertThat(row.owner()).isEqualTo(Owner.SALES);
        assertThat(row.repId()).isEqualTo("rep-ada");
        assertThat(replay.changesOf(UUID.fromString(LEAD))).extracting(line -> line.kind() + " v"
                        + line.state().version() + " " + line.state().stage())
                .as("qualified moved the stage alone").containsExactly("CHANGE v1 KNOWN", "STAGE v1 QUALIFIED",
                        "CHANGE v2 QUALIFIED");
        assertThat(replay.changesOf(UUID.fromString(LEAD)).get(2).causationId())
                .as("this service's own event: the causation it was published with").isEqualTo("cause-3");
    }

    @Test
    void anEventWhoseSubjectIsNotItsLeadIsNotValid() {
        RegistryReplay replay = new RegistryReplay(CloudEvent.sourceOf("handoff-service"));
        CloudEvent event = event("marketing-service", "identified", Stage.KNOWN, 1, IDENTIFIED);
        CloudEvent otherSubject = new CloudEvent(event.id(), event.source(), event.type(),
                UUID.randomUUID().toString(), event.time(), event.data());

        assertThat(replay.fold(decoded(otherSubject))).isFalse();
        assertThat(replay.rows()).isEmpty();
    }

    @Test
    void differencesNameEachDisagreeingFieldAndMissingRows() {
        RegistryReplay replay = new RegistryReplay(CloudEvent.sourceOf("handoff-service"));
        replay.fold(decoded(event("marketing-service", "identified", Stage.KNOWN, 1, IDENTIFIED)));
        UUID lead = UUID.fromString(LEAD);
        Ownership rebuilt = replay.rows().get(lead);
        Ownership live = new Ownership(lead, Owner.SALES, "rep-ada", null, rebuilt.status(), rebuilt.stage(),
                rebuilt.seq(), rebuilt.version(), null, null, false, 0, null, null, null, null, null, rebuilt.updatedAt());
        UUID onlyLive = UUID.fromString("00000000-0000-4000-8000-000000000001");
        Map<UUID, Ownership> liveRows = new HashMap<>(Map.of(lead, live, onlyLive, live));

        assertThat(Difference.between(liveRows, replay.rows())).containsExactlyInAnyOrder(
                new Difference(onlyLive, "row", "present", null),
                new Difference(lead, "owner", "SALES", "MARKETING"),
                new Difference(lead, "repId", "rep-ada", "null"));
        assertThat(Difference.between(replay.rows(), replay.rows())).isEmpty();
    }
}
