package dev.baton.platform.consumer;

import dev.baton.contract.Actor;
import dev.baton.contract.LifecycleDetails;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Stage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class LeadSequenceTest {

    private static LifecycleEvent event(long sequence) {
        return new LifecycleEvent(UUID.randomUUID().toString(), Stage.KNOWN, Stage.QUALIFIED,
                new Actor("marketer-1", "user", null), null, null, sequence, Instant.now(),
                new LifecycleDetails.Qualified(70, "SCORE", true, null, null, null, null));
    }

    @Test
    void appliesOnlyAnEventPastTheLastApplied() {
        assertThat(LeadSequence.alreadyApplied(event(4), 3)).isFalse();
        assertThat(LeadSequence.alreadyApplied(event(9), 3)).as("a later event after a gap still applies").isFalse();
    }

    @Test
    void aReplayOrALateEventChangesNothing() {
        assertThat(LeadSequence.alreadyApplied(event(3), 3)).isTrue();
        assertThat(LeadSequence.alreadyApplied(event(2), 3)).isTrue();
    }

    @Test
    void theFirstEventOfANewLeadApplies() {
        assertThat(LeadSequence.alreadyApplied(event(1), 0)).isFalse();
    }
}
