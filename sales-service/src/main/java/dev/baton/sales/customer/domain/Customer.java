package dev.baton.sales.customer.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A customer account (a WON lead) as the API shows it, with its retention history and its referrals. */
public record Customer(
        UUID leadId,
        String repId,
        CustomerStatus status,
        Instant wonAt,
        Instant churnedAt,
        String churnReason,
        String churnedBy,
        List<Retention> retention,
        List<Referral> referrals) {

    /** A check-in, renewal or repeat purchase: who recorded it, for which rep. */
    public record Retention(UUID retentionId, RetentionKind kind, String notes, String actorId, String repId,
            Instant occurredAt) {
    }

    /** A lead this customer referred, attributed to the customer and the rep. */
    public record Referral(UUID referralId, UUID leadId, String repId, String actorId, Instant createdAt) {
    }
}
