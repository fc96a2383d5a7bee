package dev.baton.marketing.lead.domain;

import java.time.Instant;
import java.util.Set;

/**
 * The last refusal of a lead's handoff, as the handoff service's {@code handoff-refused} said it.
 *
 * @param reasonCode LEAD_UNKNOWN, ERASED, NO_CONSENT, ALREADY_OWNED_BY_SALES or NO_REP_AVAILABLE
 * @param refusedAt  when the handoff service refused it
 * @param retrying   whether the handoff service retries it by itself (no rep was available): the lead waits for one
 */
public record HandoffRefusal(String reasonCode, Instant refusedAt, boolean retrying) {

    /** Refusals a new request can change: the data behind them may have changed since (or a rep become free). */
    private static final Set<String> ASKABLE_AGAIN = Set.of("LEAD_UNKNOWN", "NO_CONSENT", "NO_REP_AVAILABLE");

    /** Whether a marketer may ask for the handoff again. */
    public boolean askableAgain() {
        return !retrying && ASKABLE_AGAIN.contains(reasonCode);
    }
}
