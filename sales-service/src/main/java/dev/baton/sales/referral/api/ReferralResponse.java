package dev.baton.sales.referral.api;

import java.time.Instant;
import java.util.UUID;

/**
 * A recorded referral: {@code leadId} is the referred lead (created or found by marketing), attributed to the referring
 * customer and its rep; {@code stage} is the lead's stage as marketing answered it.
 */
public record ReferralResponse(UUID referralId, UUID leadId, String stage, UUID referrerLeadId, String repId,
        String actorId, Instant createdAt) {
}
