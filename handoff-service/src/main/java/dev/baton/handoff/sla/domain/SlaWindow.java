package dev.baton.handoff.sla.domain;

import dev.baton.platform.time.Timestamps;

import java.time.Duration;
import java.time.Instant;

/**
 * One acceptance window of a handoff: the assignee must accept by {@code dueAt}; {@code sla-at-risk} is due at
 * {@code atRiskAt}. Both are cut to microseconds, as the registry stores them.
 */
public record SlaWindow(Instant dueAt, Instant atRiskAt) {

    /** The window opened at {@code now}; the at-risk fraction is kept between 0 and 1. */
    public static SlaWindow opening(Instant now, Duration length, double atRiskFraction) {
        double fraction = Math.min(Math.max(atRiskFraction, 0.0), 1.0);
        return new SlaWindow(Timestamps.micros(now.plus(length)),
                Timestamps.micros(now.plusNanos((long) (length.toNanos() * fraction))));
    }
}
