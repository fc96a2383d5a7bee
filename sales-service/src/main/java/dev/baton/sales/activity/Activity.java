package dev.baton.sales.activity;

import io.vertx.mutiny.sqlclient.Row;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A recorded activity: {@code actorId} is who did it (the rep, their assistant or their manager), {@code repId} the rep
 * it was done for.
 */
public record Activity(
        UUID activityId,
        UUID opportunityId,
        ActivityType type,
        String subject,
        String notes,
        Instant startsAt,
        Instant endsAt,
        Instant dueAt,
        BigDecimal amount,
        String actorId,
        String repId,
        Instant createdAt,
        Instant completedAt,
        String completedBy) {

    static final String COLUMNS = "activity_id, opportunity_id, type, subject, notes, starts_at, ends_at, due_at, amount,"
            + " actor_id, rep_id, created_at, completed_at, completed_by";

    static Activity from(Row row) {
        return new Activity(row.getUUID("activity_id"), row.getUUID("opportunity_id"),
                ActivityType.valueOf(row.getString("type")), row.getString("subject"), row.getString("notes"),
                instant(row.getOffsetDateTime("starts_at")), instant(row.getOffsetDateTime("ends_at")),
                instant(row.getOffsetDateTime("due_at")), row.getBigDecimal("amount"), row.getString("actor_id"),
                row.getString("rep_id"), instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("completed_at")), row.getString("completed_by"));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
