package dev.baton.handoff.assignment.domain;

import java.time.Instant;
import java.util.List;

/**
 * One rep of the directory, as {@code GET /reps} shows it.
 *
 * @param capacity     the most open handoffs the rep may hold (null: no cap)
 * @param openHandoffs handed-off leads the rep has not answered yet
 */
public record RepView(String repId, String teamId, boolean available, List<String> territories, Integer capacity,
        long openHandoffs, Instant lastAssignedAt) {
}
