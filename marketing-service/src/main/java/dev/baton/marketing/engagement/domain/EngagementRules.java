package dev.baton.marketing.engagement.domain;

import dev.baton.contract.Json;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static dev.baton.marketing.engagement.domain.EngagementEvent.isBlank;

/** What makes an engagement event recordable. A refused event is answered REJECTED with the reason; nothing is kept. */
public final class EngagementRules {

    /** How the reason of an event refused for its properties' size begins. */
    public static final String PROPERTIES_TOO_LARGE = "properties serialize to more than ";
    /** How the reason of an event naming an unknown lead ends. */
    public static final String UNKNOWN_LEAD = " does not exist";

    private final int maxPropertiesBytes;

    /** @param maxPropertiesBytes the largest serialized {@code properties} of one event, in UTF-8 bytes */
    public EngagementRules(int maxPropertiesBytes) {
        this.maxPropertiesBytes = maxPropertiesBytes;
    }

    public int maxPropertiesBytes() {
        return maxPropertiesBytes;
    }

    /** Why the event cannot be recorded, or null when it can (whether its lead exists is checked when recording). */
    public String problemOf(EngagementEvent event) {
        if (event.eventId() == null || event.eventId().isBlank()) {
            return "eventId is required";
        }
        if (event.type() == null) {
            return "type is required";
        }
        if (event.occurredAt() == null) {
            return "occurredAt is required";
        }
        if (isBlank(event.visitorId()) && isBlank(event.leadId())) {
            return "visitorId or leadId is required";
        }
        if (hasNul(event.eventId()) || hasNul(event.visitorId()) || hasNul(event.leadId())
                || hasNul(event.utm().source()) || hasNul(event.utm().medium()) || hasNul(event.utm().campaign())
                || hasNul(event.properties())) {
            return "text cannot contain the NUL character (\\u0000)";
        }
        if (propertiesTooLarge(event)) {
            return PROPERTIES_TOO_LARGE + maxPropertiesBytes + " bytes";
        }
        if (!isBlank(event.leadId())) {
            try {
                UUID.fromString(event.leadId());
            } catch (IllegalArgumentException e) {
                return "leadId is not a lead id";
            }
        }
        return null;
    }

    /** The reason of an event whose lead does not exist. */
    public static String unknownLead(String leadId) {
        return "lead " + leadId + UNKNOWN_LEAD;
    }

    /** Whether the event's properties serialize to more than the maximum. */
    private boolean propertiesTooLarge(EngagementEvent event) {
        return event.properties() != null && !event.properties().isEmpty()
                && Json.write(event.properties()).getBytes(StandardCharsets.UTF_8).length > maxPropertiesBytes;
    }

    private static boolean hasNul(String text) {
        return text != null && text.indexOf(0) >= 0;
    }

    /** Whether a string anywhere in the properties (keys and values, nested) holds a NUL character. */
    private static boolean hasNul(Object value) {
        if (value instanceof String text) {
            return hasNul(text);
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (hasNul(e.getKey()) || hasNul(e.getValue())) {
                    return true;
                }
            }
        } else if (value instanceof Iterable<?> items) {
            for (Object item : items) {
                if (hasNul(item)) {
                    return true;
                }
            }
        }
        return false;
    }
}
