package dev.baton.handoff.recycle;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * No dead ends: a lead sales lost goes back to marketing's nurture ({@code recycled}, to KNOWN) once a cool-down is
 * over, so that marketing may win them back with consent and qualify them again. (A churned customer stays with sales,
 * which may still act on it: two services publishing the next step of one lead would race for its sequence number.)
 */
@ConfigMapping(prefix = "baton.handoff.recycle")
public interface RecycleConfig {

    /** How long after a LOST close marketing gets the lead back. */
    @WithDefault("P30D")
    Duration lostAfter();

    /** How often this instance looks for leads whose cool-down is over. */
    @WithDefault("PT1M")
    Duration pollInterval();

    /** Whether this instance recycles (any number may: a lead is claimed by one only). */
    @WithDefault("true")
    boolean enabled();
}
