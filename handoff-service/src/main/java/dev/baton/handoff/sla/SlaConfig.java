package dev.baton.handoff.sla;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The handoff SLA: how long the assigned rep has to accept, when they are warned, and what a breach leads to. */
@ConfigMapping(prefix = "baton.handoff")
public interface SlaConfig {

    /** How long the assigned rep has to accept a handed-off lead (the handoff SLA). */
    @WithDefault("PT4H")
    Duration slaWindow();

    /** The part of the window after which {@code sla-at-risk} is published, between 0 and 1 (0.75: at 3 h of 4). */
    @WithDefault("0.75")
    double slaAtRiskFraction();

    /**
     * How many times a lead whose SLA was breached goes to the next eligible rep (with a new window) before it is
     * escalated to the manager of the last assignee's team. 0 escalates at the first breach.
     */
    @WithDefault("2")
    int slaMaxReassignments();

    /** How often this instance looks for due SLA timers: a timer fires at most this late. */
    @WithDefault("PT1S")
    Duration slaPollInterval();

    /** Whether this instance runs the SLA timers (any number may: a timer is claimed by one only). */
    @WithDefault("true")
    boolean slaTimers();
}
