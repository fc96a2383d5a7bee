package dev.baton.marketing.engagement.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The outcome of one engagement event: {@code RECORDED} (durably, for the first time), {@code DUPLICATE} (that eventId
 * was recorded before; counted once) or {@code REJECTED} (with the reason; nothing recorded).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EngagementResult(String eventId, String status, String error) {

    public static EngagementResult recorded(String eventId) {
        return new EngagementResult(eventId, "RECORDED", null);
    }

    public static EngagementResult duplicate(String eventId) {
        return new EngagementResult(eventId, "DUPLICATE", null);
    }

    public static EngagementResult rejected(String eventId, String error) {
        return new EngagementResult(eventId, "REJECTED", error);
    }
}
