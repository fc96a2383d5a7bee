package dev.baton.sales.opportunity.api;

import dev.baton.sales.lead.domain.LeadState;
import dev.baton.sales.opportunity.domain.Opportunity;
import dev.baton.sales.opportunity.domain.OpportunityKind;
import dev.baton.sales.opportunity.domain.OpportunityStatus;
import dev.baton.sales.opportunity.domain.PipelineStage;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * An opportunity as the API shows it. {@code lead} is sales' current view of the lead: its stage, who owns it
 * (MARKETING or SALES) and the rep the handoff service assigned; sales acts only while it owns the lead.
 */
public record OpportunityResponse(
        UUID opportunityId,
        UUID leadId,
        OpportunityKind kind,
        String title,
        String repId,
        String teamId,
        OpportunityStatus status,
        PipelineStage pipelineStage,
        String responsePending,
        BigDecimal amount,
        LocalDate expectedCloseDate,
        String outcomeReason,
        UUID referrerLeadId,
        Instant slaDueAt,
        Instant respondedAt,
        String respondedBy,
        Instant createdAt,
        Instant closedAt,
        LeadState lead) {

    public static OpportunityResponse of(Opportunity o) {
        return new OpportunityResponse(o.opportunityId(), o.leadId(), o.kind(), o.title(), o.repId(), o.teamId(),
                o.status(), o.pipelineStage(), o.responsePending(), o.amount(), o.expectedCloseDate(),
                o.outcomeReason(), o.referrerLeadId(), o.slaDueAt(), o.respondedAt(), o.respondedBy(), o.createdAt(),
                o.closedAt(), o.lead());
    }
}
