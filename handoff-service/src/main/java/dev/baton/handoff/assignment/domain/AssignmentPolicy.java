package dev.baton.handoff.assignment.domain;

/** How the handoff service chooses the rep of a qualified lead (configuration: baton.handoff.assignment.policy). */
public enum AssignmentPolicy {
    /** The available rep (of the configured team, if any) who was given a lead least recently. */
    ROUND_ROBIN,
    /**
     * The reps whose territories cover the lead's country (or a region containing it), in round robin; when none does,
     * or the country is unknown, the reps without territories (generalists). Nobody: the handoff is refused.
     */
    TERRITORY
}
