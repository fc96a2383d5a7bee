package dev.baton.marketing.engagement;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.Map;

/**
 * One engagement event. {@code eventId} makes it idempotent: the same id again is accepted and counted once. Either
 * {@code visitorId} (anonymous) or {@code leadId} (known) is required.
 */
public record EngagementRequest(
        @NotBlank @Size(max = 128) String eventId,
        @Size(max = 128) String visitorId,
        @Size(max = 64) String leadId,
        @NotNull EngagementType type,
        @NotNull Instant occurredAt,
        @Size(max = 50) Map<String, Object> properties) {
}
