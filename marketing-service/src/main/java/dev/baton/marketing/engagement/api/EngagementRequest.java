package dev.baton.marketing.engagement.api;

import dev.baton.marketing.campaign.domain.Utm;
import dev.baton.marketing.engagement.domain.EngagementEvent;
import dev.baton.marketing.engagement.domain.EngagementType;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One engagement event. {@code eventId} makes it idempotent: the same id again is accepted and counted once. Either
 * {@code visitorId} (anonymous) or {@code leadId} (known) is required. {@code campaignId} or the UTM parameters
 * attribute it to a campaign.
 */
public record EngagementRequest(
        @Schema(description = "an opaque idempotency key, published on marketing.engagement.v1 as sent: never built"
                + " from an email, a name or a device id") @NotBlank @Size(max = 128) String eventId,
        @Size(max = 128) String visitorId,
        @Size(max = 64) String leadId,
        @NotNull EngagementType type,
        @NotNull Instant occurredAt,
        @Schema(description = "page paths and campaign facts, published as sent: never personal data")
        @Size(max = 50) Map<String, Object> properties,
        UUID campaignId,
        @Size(max = 200) String utmSource,
        @Size(max = 200) String utmMedium,
        @Size(max = 200) String utmCampaign) {

    EngagementEvent event() {
        return new EngagementEvent(eventId, visitorId, leadId, type, occurredAt, properties, campaignId,
                new Utm(utmSource, utmMedium, utmCampaign));
    }
}
