package dev.baton.faults.check;

/**
 * One broken promise.
 *
 * @param category what kind
 * @param key      identifies it across rounds (the same broken promise is counted once, in the round that found it)
 * @param detail   what was expected and what was found
 */
public record Finding(Category category, String key, String detail) {

    public enum Category {
        /** A command answered 2xx whose event is not on its topic (or an engagement event answered RECORDED). */
        LOST,
        /** One effect published twice under different ids (a sequence number taken twice, an event id twice). */
        DUPLICATED,
        /** A per-lead sequence number that no event has. */
        SEQUENCE_GAP,
        /** A lead's events on the topic out of sequence order. */
        REORDERED,
        /** A projection (marketing, handoff, sales) that does not agree with the lifecycle topic. */
        DISAGREEING,
        /** A dead letter that is not one of the poison records sent on purpose. */
        DLQ_UNEXPECTED,
        /** A poison record that a consuming group did not dead-letter. */
        DLQ_MISSING
    }
}
