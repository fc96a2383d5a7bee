package dev.baton.handoff.recycle.domain;

import dev.baton.handoff.ownership.domain.HandoffStatus;
import dev.baton.handoff.ownership.domain.Ownership;

import java.time.Duration;
import java.time.Instant;

/**
 * When a closed lead goes back to marketing: a LOST one once its cool-down is over. Never a customer, even a churned
 * one: sales may still act on it, and two services publishing the next step of one lead would race for its number.
 */
public record CoolDown(Duration lostAfter) {

    /** The outcome that goes back. */
    public static final String LOST = "LOST";

    /** Whether the lead is due back to marketing at {@code now}. */
    public boolean over(Ownership lead, Instant now) {
        return lead.status() == HandoffStatus.CLOSED && LOST.equals(lead.closedOutcome()) && lead.closedAt() != null
                && !now.isBefore(lead.closedAt().plus(lostAfter));
    }

    /** The reason the recycled event gives. */
    public String reason(Ownership lead) {
        return "LOST at " + lead.closedAt() + "; the cool-down of " + lostAfter + " is over: back to marketing's nurture";
    }
}
