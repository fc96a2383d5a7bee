package dev.baton.handoff.sla.domain;

import dev.baton.handoff.ownership.domain.Ownership;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * What a handed-off lead's SLA timer does at {@code now}: warn once that the window is at risk, and at its end
 * record the breach, then hand the lead to another rep (while reassignments are left) or escalate it.
 *
 * @param warnAtRisk whether {@code sla-at-risk} is published now (not yet sent for this window)
 * @param breached   whether the window has ended
 * @param reassign   whether the breach goes to another rep (otherwise it is escalated to the team's manager)
 */
public record SlaCheck(boolean warnAtRisk, boolean breached, boolean reassign) {

    public static SlaCheck of(Ownership lead, Instant now, int maxReassignments) {
        boolean breached = !lead.slaDueAt().isAfter(now);
        return new SlaCheck(!lead.slaAtRiskSent(), breached, breached && lead.reassignments() < maxReassignments);
    }

    /** The reps a reassignment may not choose: the assignee who let the window pass, and those before them. */
    public static Set<String> excludedReps(Ownership lead) {
        Set<String> excluded = new HashSet<>(lead.triedReps());
        excluded.add(lead.repId());
        return excluded;
    }
}
