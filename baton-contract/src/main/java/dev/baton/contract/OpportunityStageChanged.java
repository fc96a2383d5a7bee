package dev.baton.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The data of {@code sales.pipeline.v1}: an opportunity moved between pipeline stages inside sales. Not a lifecycle
 * event: it takes no per-lead sequence number.
 */
public record OpportunityStageChanged(
        String changeId,
        String opportunityId,
        String leadId,
        String kind,
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
