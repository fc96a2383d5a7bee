package dev.baton.sales.customer;

import dev.baton.contract.Stage;

import java.time.Instant;
import java.util.UUID;

/** A recorded retention activity and the customer's stage after it. */
public record RetentionResponse(UUID retentionId, UUID leadId, RetentionKind kind, Stage stage, String repId,
        String actorId, Instant occurredAt) {
}
