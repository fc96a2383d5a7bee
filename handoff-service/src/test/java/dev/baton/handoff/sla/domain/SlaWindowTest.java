package dev.baton.handoff.sla.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** When a handoff's acceptance is due, and when the assignee is warned it is at risk. */
class SlaWindowTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void theWindowEndsItsLengthAfterTheHandoffAndIsAtRiskAtItsFraction() {
        SlaWindow window = SlaWindow.opening(NOW, Duration.ofHours(4), 0.75);

        assertThat(window.dueAt()).isEqualTo(Instant.parse("2026-03-01T14:00:00Z"));
        assertThat(window.atRiskAt()).isEqualTo(Instant.parse("2026-03-01T13:00:00Z"));
    }

    @Test
    void aFractionOutsideZeroToOneIsKeptWithinTheWindow() {
        assertThat(SlaWindow.opening(NOW, Duration.ofHours(4), 1.5).atRiskAt()).isEqualTo(NOW.plus(Duration.ofHours(4)));
        assertThat(SlaWindow.opening(NOW, Duration.ofHours(4), -1).atRiskAt()).isEqualTo(NOW);
    }

    @Test
    void timesAreCutToMicrosecondsAsTheRegistryStoresThem() {
        Instant handedOff = Instant.parse("2026-03-01T10:00:00.123456789Z");

        SlaWindow window = SlaWindow.opening(handedOff, Duration.ofSeconds(4), 0.5);

        assertThat(window.dueAt()).isEqualTo(Instant.parse("2026-03-01T10:00:04.123456Z"));
        assertThat(window.atRiskAt()).isEqualTo(Instant.parse("2026-03-01T10:00:02.123456Z"));
    }
}
