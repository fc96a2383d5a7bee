package dev.baton.marketing.lead.api;

import dev.baton.marketing.lead.domain.ActionOutcome;
import dev.baton.marketing.lead.domain.BoundaryRefusal;
import dev.baton.platform.problem.ProblemException;

/** How a refusal at the boundary is answered over HTTP: 409 {@code sales-owns-lead}, with who holds the lead. */
public final class BoundaryProblems {

    private BoundaryProblems() {
    }

    /** The action's result, or the 409 of its refusal (whose audit event has been committed). */
    public static <T> T orConflict(ActionOutcome<T> outcome) {
        if (outcome instanceof ActionOutcome.Refused<T> refused) {
            throw conflict(refused.refusal());
        }
        return ((ActionOutcome.Done<T>) outcome).value();
    }

    static ProblemException conflict(BoundaryRefusal refusal) {
        return ProblemException.conflict("sales-owns-lead", refusal.detail()).with("owner", refusal.owner());
    }
}
