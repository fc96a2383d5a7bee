package dev.baton.sales.activity.domain;

import dev.baton.sales.opportunity.domain.OpportunityKind;
import dev.baton.sales.opportunity.domain.PipelineStage;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * An open opportunity and its next step: the earliest open task (overdue ones included) or the earliest meeting or
 * appointment that has not ended. {@code nextStep} is null when nothing is planned, which is itself a warning.
 */
public record NextStep(
        UUID opportunityId,
        UUID leadId,
        OpportunityKind kind,
        String title,
        String repId,
        PipelineStage pipelineStage,
        BigDecimal amount,
        LocalDate expectedCloseDate,
        Step nextStep) {

    public record Step(UUID activityId, ActivityType type, String subject, Instant at, boolean overdue) {

        /** A step planned {@code at} (a task's due time, a meeting's start): a task already past it is overdue. */
        public static Step at(UUID activityId, ActivityType type, String subject, Instant at, Instant now) {
            return new Step(activityId, type, subject, at, type == ActivityType.TASK && at.isBefore(now));
        }
    }
}
