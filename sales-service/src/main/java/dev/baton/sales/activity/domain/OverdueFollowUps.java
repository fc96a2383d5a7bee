package dev.baton.sales.activity.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A rep's open tasks past their due date, on open opportunities, oldest first. */
public record OverdueFollowUps(String repId, String teamId, int count, List<FollowUp> followUps) {

    public record FollowUp(UUID activityId, UUID opportunityId, UUID leadId, String subject, Instant dueAt,
            String createdBy) {
    }

    /** A rep's overdue follow-ups, counted. */
    public static OverdueFollowUps of(String repId, String teamId, List<FollowUp> followUps) {
        return new OverdueFollowUps(repId, teamId, followUps.size(), List.copyOf(followUps));
    }
}
