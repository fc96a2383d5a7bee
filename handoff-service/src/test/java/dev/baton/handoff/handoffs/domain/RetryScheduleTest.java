package dev.baton.handoff.handoffs.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The backoff of handoffs waiting for a rep: a pure rule, no service started. */
class RetryScheduleTest {

    private final RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(30), Duration.ofMinutes(5));

    @Test
    void theDelayDoublesAfterEachAttemptUpToTheLongest() {
        assertThat(schedule.delayAfter(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(schedule.delayAfter(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(schedule.delayAfter(3)).isEqualTo(Duration.ofSeconds(120));
        assertThat(schedule.delayAfter(4)).isEqualTo(Duration.ofSeconds(240));
        assertThat(schedule.delayAfter(5)).isEqualTo(Duration.ofMinutes(5));
        assertThat(schedule.delayAfter(6)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aLeadThatWaitsForDaysNeverOverflowsTheDelay() {
        assertThat(schedule.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(5));
        RetrySchedule huge = new RetrySchedule(Duration.ofDays(365), Duration.ofDays(365 * 1000));
        assertThat(huge.delayAfter(1_000_000)).isEqualTo(Duration.ofDays(365 * 1000));
    }

    @Test
    void theNextAttemptIsTheDelayAfterNow() {
        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        assertThat(schedule.nextAttempt(now, 2)).isEqualTo(Instant.parse("2026-03-01T10:01:00Z"));
    }

    @Test
    void aScheduleThatCouldNotWaitOrAttemptZeroIsRefused() {
        assertThatThrownBy(() -> new RetrySchedule(Duration.ZERO, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(Duration.ofMinutes(2), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> schedule.delayAfter(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
