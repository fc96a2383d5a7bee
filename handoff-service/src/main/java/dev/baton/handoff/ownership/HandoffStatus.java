package dev.baton.handoff.ownership;

/** Where a lead stands in the handoff. */
public enum HandoffStatus {
    /** Marketing owns it (known, or recycled). */
    MARKETING,
    /** Sales owns it; the assigned rep has not answered yet; the SLA clock runs. */
    HANDED_OFF,
    /** The assigned rep accepted it. */
    ACCEPTED,
    /** Sales closed it (won or lost). */
    CLOSED
}
