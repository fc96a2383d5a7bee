package dev.baton.marketing.engagement.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * An engagement row as the feed publishes it: its place in the feed (transaction id, sequence value) and what it
 * says now (a visitor stitched since is published with its lead). {@code visitor} is the device's pseudonym, never its
 * id; {@code properties} is the JSON text stored.
 */
public record RecordedEngagement(long tx, long seq, String eventId, String visitor, UUID leadId, String type,
        Instant occurredAt, String properties) {
}
