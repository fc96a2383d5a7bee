package dev.baton.sales.opportunity.domain;

/** Why an opportunity exists. */
public enum OpportunityKind {
    /** A lead the handoff service gave to a rep: accepted or rejected, then worked and closed. */
    NEW_BUSINESS,
    /** A further sale to an existing customer, opened by sales; closing it never moves the lead's lifecycle back. */
    CROSS_SELL
}
