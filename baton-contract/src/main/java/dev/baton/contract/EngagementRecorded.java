package dev.baton.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;

/**
 * The data of {@code marketing.engagement.v1}: one thing a visitor or lead did. {@code visitorId} is the device's
 * pseudonym on this topic, never the device id itself (an erasure forgets the pseudonym).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EngagementRecorded(
        String eventId,
        String visitorId,
        String leadId,
        String type,
        Instant occurredAt,
        Map<String, Object> properties) {
}
