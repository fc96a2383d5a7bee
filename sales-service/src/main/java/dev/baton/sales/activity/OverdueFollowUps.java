package dev.baton.sales.activity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A rep's open tasks past their due date, on open opportunities, oldest first. */
public record OverdueFollowUps(String repId, String teamId, int count, List<FollowUp> followUps) {

    public record FollowUp(UUID activityId, UUID opportunityId, UUID leadId, String subject, Instant dueAt,
            String createdBy) {
    }
}
