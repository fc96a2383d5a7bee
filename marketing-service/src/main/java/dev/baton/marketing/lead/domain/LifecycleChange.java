package dev.baton.marketing.lead.domain;

import dev.baton.contract.EventTypes;
import dev.baton.contract.LifecycleDetails;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Owner;

import java.math.BigDecimal;

/**
 * What another service's lifecycle transition changes on marketing's copy of the lead. A handoff answered
 * ({@code handed-off}, {@code handoff-refused} or {@code recycled}) ends marketing's wait: {@code handed-off} is the
 * handoff service's word that sales owns the lead, and holds the boundary until the ownership record follows.
 *
 * @param lifecycleOwner the owner the event says, or null when it answers no handoff
 * @param refusal        the refusal shown to marketers ({@code handoff-refused} only; the code is optional)
 * @param outcome        {@code closed} only: what sales closed (for retention segments)
 * @param amount         {@code closed} only: the amount, when given
 */
public record LifecycleChange(LifecycleEvent event, Owner lifecycleOwner, HandoffRefusal refusal, String outcome,
        BigDecimal amount) {

    public static LifecycleChange of(LifecycleEvent event) {
        Owner owner = switch (event.type()) {
            case HANDED_OFF -> Owner.SALES;
            case HANDOFF_REFUSED, RECYCLED -> Owner.MARKETING;
            default -> null;
        };
        HandoffRefusal refusal = null;
        if (event.details() instanceof LifecycleDetails.HandoffRefused refused) {
            refusal = new HandoffRefusal(refused.reasonCode() == null ? "UNSPECIFIED" : refused.reasonCode(),
                    event.occurredAt(), Boolean.TRUE.equals(refused.retrying()));
        }
        if (event.details() instanceof LifecycleDetails.Closed closed) {
            return new LifecycleChange(event, owner, refusal, closed.outcome(), closed.amount());
        }
        return new LifecycleChange(event, owner, refusal, null, null);
    }

    public boolean answersHandoff() {
        return lifecycleOwner != null;
    }

    /** Whether it records what sales closed. */
    public boolean closes() {
        return isClosed(event);
    }

    /** Whether the stage changes (otherwise only the sequence advances). */
    public boolean movesStage() {
        return event.from() != event.to();
    }

    /**
     * Whether a handoff is still pending after it: unchanged by an event that answers no handoff; after an answer,
     * only while the handoff service retries a refusal itself (no rep yet).
     */
    public boolean handoffPendingAfter(boolean pendingBefore) {
        return lifecycleOwner == null ? pendingBefore : refusal != null && refusal.retrying();
    }

    private static boolean isClosed(LifecycleEvent event) {
        return event.type() == EventTypes.CLOSED;
    }
}
