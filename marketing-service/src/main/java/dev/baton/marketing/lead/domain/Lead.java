package dev.baton.marketing.lead.domain;

import dev.baton.contract.Owner;
import dev.baton.contract.Stage;

import dev.baton.platform.problem.ProblemException;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A known lead as marketing stores it. */
public record Lead(
        UUID leadId,
        String email,
        Stage stage,
        Stage highestStage,
        Owner owner,
        String repId,
        long ownershipVersion,
        boolean handoffPending,
        boolean consentToContact,
        BigDecimal score,
        long seq,
        String conversionKind,
        Instant createdAt,
        Profile profile,
        String outcome,
        UUID mergedInto,
        String name,
        Owner lifecycleOwner,
        HandoffRefusal handoffRefusal) {

    /**
     * Who owns the lead as far as the boundary goes: SALES as soon as either the lifecycle ({@code handed-off}) or the
     * ownership topic says so, MARKETING only when both do. The two topics reach marketing in either order; each
     * column only ever holds a state the lead really was in, so the boundary errs on the side of sales, never of
     * marketing, and is right again as soon as the later of the two arrives.
     */
    public Owner boundaryOwner() {
        return owner == Owner.SALES || lifecycleOwner == Owner.SALES ? Owner.SALES : Owner.MARKETING;
    }

    /**
     * Whether marketing may act on this lead as a prospect now: it owns it and no handoff is on its way. Marketing
     * sets {@code handoffPending} in the same transaction as its {@code qualified} event, and the handoff's answer
     * clears it ({@code handed-off} then makes the lifecycle owner SALES), so there is no window between qualifying
     * and learning the owner from {@code lead.ownership.v1}.
     */
    public boolean marketingMayAct() {
        return boundaryOwner() == Owner.MARKETING && !handoffPending && mergedInto == null;
    }

    /** A customer (closed won, or retained): marketing's retention newsletters may go to them. */
    /**
     * 409 unless this lead may refer someone for {@code repId}: sales owns it, for that rep. Sales, which owns the
     * customer accounts, checks at once that it is a won or retained customer; this projection may not have seen the
     * close yet, but it saw the handoff long before, so the rule holds without a race: a rep passes on the word of
     * their own customers only, and cannot make leads out of nothing.
     */
    public void requireReferrerFor(String repId) {
        if (boundaryOwner() != Owner.SALES || !repId.equals(this.repId)) {
            throw ProblemException.conflict("referrer-not-customer", "lead " + leadId + " is not a customer of "
                    + repId + ": a referral comes from a customer, through their own rep");
        }
    }

    public boolean isCustomer() {
        return stage == Stage.RETAINED || stage == Stage.CLOSED && "WON".equals(outcome);
    }

    /**
     * Whether the lead may be qualified now (by a marketer, a high-intent conversion or its score): it is KNOWN,
     * marketing may act on it, and the person consented to be contacted.
     */
    public boolean mayBeQualified() {
        return stage == Stage.KNOWN && marketingMayAct() && consentToContact;
    }

    /** The sequence number of the lead's next lifecycle event. */
    public long nextSequence() {
        return seq + 1;
    }
}
