package dev.baton.handoff.handoffs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Handoffs refused because no rep was available ({@code NO_REP_AVAILABLE}) wait for one: assignment is tried again
 * after {@code initial-delay}, then after twice as long each time, at most {@code max-delay} apart, until a rep takes
 * the lead. Every start tries every waiting lead at once (the rep directory may have changed).
 */
@ConfigMapping(prefix = "baton.handoff.retry")
public interface RetryConfig {

    /** The wait before the first retry; each failed attempt doubles it. */
    @WithDefault("PT30S")
    Duration initialDelay();

    /** The longest wait between two attempts. */
    @WithDefault("PT5M")
    Duration maxDelay();

    /** How often this instance looks for waiting leads that are due. */
    @WithDefault("PT1S")
    Duration pollInterval();

    /** Whether this instance retries waiting handoffs (any number may: a lead is claimed by one only). */
    @WithDefault("true")
    boolean enabled();
}
