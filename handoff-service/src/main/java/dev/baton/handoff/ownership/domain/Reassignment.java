package dev.baton.handoff.ownership.domain;

import dev.baton.contract.Owner;
import dev.baton.platform.problem.ProblemException;

import java.util.Set;
import java.util.UUID;

/**
 * A manager (or ops) moves a lead sales is working on to another rep, with a reason: the new rep gets a fresh SLA and
 * answers the handoff again. Only a lead handed off, accepted or escalated can move; a closed one is a customer's.
 *
 * @param toRepId  the new assignee
 * @param toTeamId their team; null when the directory does not know them
 */
public record Reassignment(String toRepId, String toTeamId, String reason) {

    /** The policy a manual reassignment is published with. */
    public static final String POLICY = "MANUAL";
    /** What the reassigned event says; the manager's own words stay in the ownership history. */
    public static final String EVENT_REASON = "reassigned by a manager";

    private static final Set<HandoffStatus> MOVABLE = Set.of(HandoffStatus.HANDED_OFF, HandoffStatus.ACCEPTED,
            HandoffStatus.ESCALATED);

    /** 422 for a rep the directory does not know. */
    public Reassignment requireKnownRep() {
        if (toTeamId == null) {
            throw ProblemException.unprocessable("unknown-rep", "rep " + toRepId + " is not in the rep directory");
        }
        return this;
    }

    /** 409 when the lead is not sales' open work, or is assigned to the rep already. */
    /** 409 for an erased person's lead: a reassignment would write a manager's words about them again. */
    public static void requireNotErased(boolean erased, UUID leadId) {
        if (erased) {
            throw ProblemException.conflict("lead-erased", "the person behind lead " + leadId
                    + " was erased; nothing more is recorded about them");
        }
    }

    public void requireAllowedFor(Ownership current) {
        if (current.owner() != Owner.SALES || !MOVABLE.contains(current.status())) {
            throw ProblemException.conflict("not-sales-work", "lead " + current.leadId() + " is " + current.status()
                    + ": only a lead handed off, accepted or escalated can be reassigned")
                    .with("handoffStatus", current.status().name());
        }
        if (toRepId.equals(current.repId())) {
            throw ProblemException.conflict("already-assigned", "lead " + current.leadId() + " is assigned to "
                    + toRepId + " already");
        }
    }
}
