package dev.baton.sales.opportunity.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.baton.contract.Actor;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The data of {@code dev.baton.sales.opportunity-stage-changed.v1} on {@code sales.pipeline.v1} (schema
 * {@code sales.opportunity-stage-changed.v1.json}). Not a lifecycle event: it takes no per-lead sequence number.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PipelineEvent(
        String changeId,
        String opportunityId,
        String leadId,
        OpportunityKind kind,
        String repId,
        String teamId,
        String from,
        String to,
        BigDecimal amount,
        LocalDate expectedCloseDate,
        Actor actor,
        String reason,
        Instant occurredAt) {
}
