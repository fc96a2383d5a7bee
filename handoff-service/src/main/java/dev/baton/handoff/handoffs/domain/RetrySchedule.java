package dev.baton.handoff.handoffs.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * When a handoff that found no rep is tried again: {@code initial} after the first refusal, then twice as long after
 * each further attempt, never more than {@code max} apart. No jitter: waiting leads are claimed one by one, so retries
 * that come due together do not contend, they queue.
 */
public record RetrySchedule(Duration initial, Duration max) {

    public RetrySchedule {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("the first retry delay must be positive, not " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("the longest retry delay " + max + " is shorter than the first " + initial);
        }
    }

    /** The wait after {@code attempts} attempts that found nobody (1 for the refusal itself). */
    public Duration delayAfter(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts start at 1, not " + attempts);
        }
        // initial × 2^(attempts-1), compared before multiplying so that a long wait never overflows.
        Duration delay = initial;
        for (int i = 1; i < attempts && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /** When the next attempt is due, {@code attempts} attempts having failed by {@code now}. */
    public Instant nextAttempt(Instant now, int attempts) {
        return now.plus(delayAfter(attempts));
    }
}
