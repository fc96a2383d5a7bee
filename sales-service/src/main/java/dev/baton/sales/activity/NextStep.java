package dev.baton.sales.activity;

import dev.baton.sales.opportunity.OpportunityKind;
import dev.baton.sales.opportunity.PipelineStage;

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
    }
}
