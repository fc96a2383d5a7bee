package dev.baton.handoff;

import dev.baton.handoff.assignment.AssignmentPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The handoff rules: the acceptance SLA and how reps are chosen. The rep directory itself (reps, teams, territories,
 * capacity, availability, assistants, managers) is {@code baton.team.*} ({@code TeamConfig}), shared with sales.
 */
@ConfigMapping(prefix = "baton.handoff")
public interface HandoffConfig {

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

    Assignment assignment();

    Retry retry();

    /**
     * Handoffs refused because no rep was available ({@code NO_REP_AVAILABLE}) wait for one: assignment is tried again
     * after {@code initial-delay}, then after twice as long each time, at most {@code max-delay} apart, until a rep
     * takes the lead. Every start tries every waiting lead at once (the rep directory may have changed).
     */
    interface Retry {

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

    /** How a qualified lead's rep is chosen. A referral always goes to the referring rep when available. */
    interface Assignment {

        /** {@code ROUND_ROBIN} or {@code TERRITORY}; both skip unavailable reps and reps at their capacity. */
        @WithDefault("ROUND_ROBIN")
        AssignmentPolicy policy();

        /** Assign only reps of this team (round robin within a team); every team when absent. */
        Optional<String> team();

        /** Most open (not yet answered) handoffs of a rep who has no {@code baton.team.reps.<id>.capacity}. */
        Optional<Integer> defaultCapacity();

        /**
         * Regions the territory policy knows, by name, with their countries (ISO codes), e.g.
         * {@code baton.handoff.assignment.regions.DACH=DE,AT,CH}. A rep whose territories name a region covers its
         * countries.
         */
        Map<String, List<String>> regions();
    }
}
