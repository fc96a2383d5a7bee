package dev.baton.marketing.engagement.domain;

import dev.baton.marketing.campaign.domain.Utm;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One engagement event to record, as sent (not validated yet, see {@link EngagementRules}). {@code eventId} makes it
 * idempotent; either {@code visitorId} (anonymous) or {@code leadId} (known) names who did it; {@code campaignId} or
 * the UTM parameters attribute it to a campaign.
 */
public record EngagementEvent(String eventId, String visitorId, String leadId, EngagementType type, Instant occurredAt,
        Map<String, Object> properties, UUID campaignId, Utm utm) {

    /** The visitor, or null when none is given. */
    public String visitor() {
        return isBlank(visitorId) ? null : visitorId;
    }

    /** The lead, or null when none is given (call only once the event is valid: the id is then a UUID). */
    public UUID lead() {
        return isBlank(leadId) ? null : UUID.fromString(leadId);
    }

    /** What the campaign is resolved from, the same for every event attributed alike; null without attribution. */
    public String attributionKey() {
        if (campaignId == null && utm.isEmpty()) {
            return null;
        }
        return campaignId + "|" + utm.source() + "|" + utm.medium() + "|" + utm.campaign();
    }

    static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
