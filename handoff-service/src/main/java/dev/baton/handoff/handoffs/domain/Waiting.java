package dev.baton.handoff.handoffs.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A lead waiting for a rep.
 *
 * @param seq            the registry's sequence after the refusal; the wait holds while the lead is still there
 * @param causationId    the qualified (or handoff-requested) event the handoff answers
 * @param referringRepId for a referral, the rep it goes to once available
 * @param attempts       assignments that found nobody, the refusal included
 * @param waitingSince   when the handoff was refused
 * @param country        the lead's country (territory assignment), from the registry
 */
public record Waiting(UUID leadId, long seq, String causationId, String referringRepId, String reasonCode,
        int attempts, Instant waitingSince, Instant lastAttemptAt, Instant nextAttemptAt, String country) {
}
