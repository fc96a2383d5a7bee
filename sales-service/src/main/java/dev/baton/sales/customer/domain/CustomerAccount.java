package dev.baton.sales.customer.domain;

import dev.baton.platform.problem.ProblemException;

import java.util.UUID;

/** A customer account as the rules see it: a lead won by {@code repId}, WON, RETAINED or CHURNED. */
public record CustomerAccount(UUID leadId, String repId, CustomerStatus status) {

    public boolean churned() {
        return status == CustomerStatus.CHURNED;
    }

    /** The first check-in, renewal or repeat purchase of a WON customer makes it RETAINED (and publishes retained). */
    public boolean retainedByNextActivity() {
        return status == CustomerStatus.WON;
    }

    /** Retention and cross-sell need a customer that has not churned: 409 otherwise. */
    public void requireActive() {
        if (churned()) {
            throw ProblemException.conflict("churned", "customer " + leadId + " has churned");
        }
    }

    /** A churn happens once: 409 for a customer that already churned. */
    public void requireChurnable() {
        if (churned()) {
            throw ProblemException.conflict("already-churned", "customer " + leadId + " has already churned");
        }
    }

    /** Only a WON or RETAINED customer refers someone: 409 for a churned one. */
    public void requireMayRefer() {
        if (churned()) {
            throw ProblemException.conflict("churned", "customer " + leadId + " has churned; only a WON or "
                    + "RETAINED customer can refer someone");
        }
    }
}
