package dev.baton.handoff.ownership.domain;

import dev.baton.contract.Owner;
import dev.baton.contract.Stage;

import java.time.Instant;

/**
 * One line of {@code GET /ownership/{id}/history}.
 *
 * @param kind    CHANGE: a new ownership version; STAGE: the lifecycle stage moved, the ownership did not; REFUSAL: a
 *                refused handoff or a refused answer (nothing changed); NOTE: a user's own words on the change before
 *                it (a reassignment's reason), kept here only
 * @param version the ownership version a CHANGE made
 * @param stage   the lead's stage at that moment
 */
public record HistoryEntry(String kind, Long version, Owner owner, String repId, String teamId, String status,
        Stage stage, Instant slaDueAt, String actorId, String actorKind, String onBehalfOf, String reason,
        String causationId, Instant occurredAt) {
}
