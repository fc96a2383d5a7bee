package dev.baton.sales.customer.api;

import dev.baton.contract.Stage;
import dev.baton.sales.customer.domain.RetentionKind;

import java.time.Instant;
import java.util.UUID;

/** A recorded retention activity and the customer's stage after it. */
public record RetentionResponse(UUID retentionId, UUID leadId, RetentionKind kind, Stage stage, String repId,
        String actorId, Instant occurredAt) {
}
