package dev.baton.handoff.ownership.domain;

import dev.baton.contract.Actor;

import java.time.Instant;

/**
 * One line to append to a lead's ownership history.
 *
 * @param kind  CHANGE (a new ownership version), STAGE (the lifecycle stage moved, the ownership did not), REFUSAL
 *              (a refused handoff or answer; the row did not change) or NOTE (a user's own words on a change, kept
 *              here and not on the topics, so that an erasure reaches them)
 * @param state the row after the change (or as it stood, for a refusal)
 */
public record HistoryLine(String kind, Ownership state, Actor actor, String reason, String causationId,
        Instant occurredAt) {

    public static HistoryLine change(Ownership state, OwnershipProjection.Change change) {
        return new HistoryLine("CHANGE", state, change.actor(), change.reason(), change.causationId(),
                change.occurredAt());
    }

    public static HistoryLine stage(Ownership state, OwnershipProjection.Change change) {
        return new HistoryLine("STAGE", state, change.actor(), change.reason(), change.causationId(),
                change.occurredAt());
    }

    public static HistoryLine note(Ownership state, Actor actor, String note, String causationId, Instant at) {
        return new HistoryLine("NOTE", state, actor, note, causationId, at);
    }

    public static HistoryLine refusal(Ownership state, Actor actor, String reason, String causationId, Instant at) {
        return new HistoryLine("REFUSAL", state, actor, reason, causationId, at);
    }
}
