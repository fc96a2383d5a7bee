package dev.baton.sales.opportunity.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One recorded move of an opportunity in the pipeline ({@code to} is a {@link PipelineStage}, or WON / LOST when it
 * ended): who made it ({@code actorId}) and for which rep ({@code repId}).
 */
public record StageChange(UUID changeId, UUID opportunityId, String from, String to, BigDecimal amount,
        LocalDate expectedCloseDate, String reason, String actorId, String repId, Instant occurredAt) {

    /** What the pipeline event says: only that a reason was given; the rep's words stay in sales (erasable). */
    public String eventReason() {
        return reason == null || reason.isBlank() ? null : "reason recorded in sales";
    }
}
