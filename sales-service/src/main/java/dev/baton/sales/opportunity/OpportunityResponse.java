package dev.baton.sales.opportunity;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** An opportunity as the API shows it. */
public record OpportunityResponse(
        UUID opportunityId,
        UUID leadId,
        String repId,
        String teamId,
        OpportunityStatus status,
        PipelineStage pipelineStage,
        String responsePending,
        BigDecimal amount,
        LocalDate expectedCloseDate,
        String outcomeReason,
        Instant slaDueAt,
        Instant createdAt,
        Instant closedAt) {

    static OpportunityResponse of(Opportunity o) {
        return new OpportunityResponse(o.opportunityId(), o.leadId(), o.repId(), o.teamId(), o.status(),
                o.pipelineStage(), o.responsePending(), o.amount(), o.expectedCloseDate(), o.outcomeReason(),
                o.slaDueAt(), o.createdAt(), o.closedAt());
    }
}
