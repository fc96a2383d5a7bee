package dev.baton.sales.lead.domain;

import dev.baton.contract.Owner;
import dev.baton.contract.Stage;
import dev.baton.platform.problem.ProblemException;

import java.util.UUID;

/**
 * Sales' local view of a lead: stage and sequence from the lifecycle, owner and assigned rep (with its version) from
 * the ownership topic. A transition sales publishes carries the lead's next sequence number.
 */
public record Lead(UUID leadId, Owner owner, String repId, long ownershipVersion, Stage stage, long seq) {

    public LeadState state() {
        return new LeadState(stage, owner, repId);
    }

    /** The sequence number of the next transition sales publishes for this lead. */
    public long nextSeq() {
        return seq + 1;
    }

    /** 409 for an erased person's lead: nothing more is written about them. */
    public static void requireNotErased(boolean erased, UUID leadId) {
        if (erased) {
            throw ProblemException.conflict("lead-erased", "the person behind lead " + leadId
                    + " was erased; nothing more is recorded about them");
        }
    }

    /** 409 unless sales owns the lead (absent: sales never heard of it) and it is assigned to {@code repId}. */
    public static void requireOwnedBySales(LeadState lead, UUID leadId, String repId) {
        if (lead == null || !lead.ownedBySalesFor(repId)) {
            throw ProblemException.conflict("not-owned", "sales does not own lead " + leadId
                    + " (or it is not assigned to " + repId + ")");
        }
    }
}
