package dev.baton.handoff.ownership.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The details of a lifecycle event this service publishes. */
public final class EventDetails {

    private EventDetails() {
    }

    /** Names and values, in order, without the absent ones (event details may not hold nulls); times as ISO-8601. */
    public static Map<String, Object> of(Object... namesAndValues) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            if (value != null) {
                details.put((String) namesAndValues[i], value instanceof Instant at ? at.toString() : value);
            }
        }
        return details;
    }
}
