package dev.baton.sales.activity.domain;

import dev.baton.platform.problem.ProblemException;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A recorded activity: {@code actorId} is who did it (the rep, their assistant or their manager), {@code repId} the rep
 * it was done for.
 */
public record Activity(
        UUID activityId,
        UUID opportunityId,
        ActivityType type,
        ActivityDirection direction,
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

    /** Whether completing it changes anything: false when already done; 409 for anything but a task. */
    public boolean needsCompletion() {
        if (type != ActivityType.TASK) {
            throw ProblemException.conflict("not-a-task", "only a TASK can be completed; " + activityId + " is a " + type);
        }
        return completedAt == null;
    }

    /** The task done by {@code actorId}: no longer a next step nor overdue. */
    public Activity completed(String actorId, Instant at) {
        return new Activity(activityId, opportunityId, type, direction, subject, notes, startsAt, endsAt, dueAt, amount,
                this.actorId, repId, createdAt, at, actorId);
    }

    /** An open task past its due date is an overdue follow-up. */
    public boolean overdueAt(Instant now) {
        return type == ActivityType.TASK && completedAt == null && dueAt != null && dueAt.isBefore(now);
    }
}
