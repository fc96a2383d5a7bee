package dev.baton.handoff.ownership.domain;

/** Where a lead stands in the handoff (the {@code status} of {@code lead.ownership.v1}). */
public enum HandoffStatus {
    /** Marketing owns it (known, or recycled). */
    MARKETING,
    /** Sales owns it; the assigned rep has not answered yet; the SLA clock runs. */
    HANDED_OFF,
    /** The assigned rep accepted it. */
    ACCEPTED,
    /** Nobody accepted it in time, after the allowed reassignments: it went to the team's manager; no SLA runs. */
    ESCALATED,
    /** Sales closed it (won or lost). */
    CLOSED;

    /** Whether the assignee still has to accept or reject it. */
    public boolean awaitsAnswer() {
        return this == HANDED_OFF || this == ESCALATED;
    }
}
