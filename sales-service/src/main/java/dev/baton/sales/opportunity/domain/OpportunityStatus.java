package dev.baton.sales.opportunity.domain;

/** Where an opportunity stands. */
public enum OpportunityStatus {
    /** Handed off to the rep; waiting for them (or their assistant) to accept or reject it. */
    AWAITING_RESPONSE,
    /** Accepted: the rep works it. */
    OPEN,
    /** Rejected: the lead went back to marketing. */
    REJECTED,
    /** Taken from this rep by the handoff service (SLA breach). */
    REASSIGNED,
    WON,
    LOST
}
