package dev.baton.marketing.lead.domain;

import java.util.List;
import java.util.UUID;

/**
 * Merging two leads that turned out to be one person. Nothing is deleted: the duplicate stays as an alias of the
 * survivor, and {@code merged} is the duplicate's next lifecycle event.
 */
public record Merge(Lead survivor, Lead duplicate) {

    /** Both leads locked in one stable order, so that two opposite merges cannot deadlock. */
    public static List<UUID> lockOrder(UUID survivorId, UUID duplicateId) {
        return survivorId.compareTo(duplicateId) < 0 ? List.of(survivorId, duplicateId) : List.of(duplicateId, survivorId);
    }

    /** Only leads marketing may act on, both of them, are merged. */
    public boolean allowed() {
        return survivor.marketingMayAct() && duplicate.marketingMayAct();
    }

    /** The sequence number of the duplicate's {@code merged} event. */
    public long sequence() {
        return duplicate.nextSequence();
    }

    /** The reason the event gives: that it duplicates the survivor (the marketer's words stay on the alias row). */
    public String reason() {
        return "duplicate of " + survivor.leadId();
    }
}
