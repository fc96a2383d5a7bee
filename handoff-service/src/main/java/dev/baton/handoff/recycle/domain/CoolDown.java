package dev.baton.handoff.recycle.domain;

import dev.baton.handoff.ownership.domain.HandoffStatus;
import dev.baton.handoff.ownership.domain.Ownership;

import java.time.Duration;
import java.time.Instant;

/** When a closed lead goes back to marketing: LOST and CHURNED ones once their cool-down is over, never a customer. */
public record CoolDown(Duration lostAfter, Duration churnedAfter) {

    /** The cool-down of an outcome; null for one that never goes back (WON, RETAINED). */
    public Duration of(String outcome) {
        return switch (outcome == null ? "" : outcome) {
            case "LOST" -> lostAfter;
            case "CHURNED" -> churnedAfter;
            default -> null;
        };
    }

    /** Whether the lead is due back to marketing at {@code now}. */
    public boolean over(Ownership lead, Instant now) {
        Duration wait = of(lead.closedOutcome());
        return lead.status() == HandoffStatus.CLOSED && wait != null && lead.closedAt() != null
                && !now.isBefore(lead.closedAt().plus(wait));
    }

    /** The reason the recycled event gives. */
    public String reason(Ownership lead) {
        return lead.closedOutcome() + " at " + lead.closedAt() + "; the cool-down of " + of(lead.closedOutcome())
                + " is over: back to marketing's nurture";
    }
}
