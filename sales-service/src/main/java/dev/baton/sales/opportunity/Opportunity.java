package dev.baton.sales.opportunity;

import io.vertx.mutiny.sqlclient.Row;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An opportunity: one handoff of a lead to a rep, through the pipeline to WON or LOST. */
public record Opportunity(
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
        Instant updatedAt,
        Instant closedAt) {

    static final String COLUMNS = "opportunity_id, lead_id, rep_id, team_id, status, pipeline_stage, response_pending,"
            + " amount, expected_close_date, outcome_reason, sla_due_at, created_at, updated_at, closed_at";

    static Opportunity from(Row row) {
        return new Opportunity(row.getUUID("opportunity_id"), row.getUUID("lead_id"), row.getString("rep_id"),
                row.getString("team_id"), OpportunityStatus.valueOf(row.getString("status")),
                PipelineStage.valueOf(row.getString("pipeline_stage")), row.getString("response_pending"),
                row.getBigDecimal("amount"), row.getLocalDate("expected_close_date"), row.getString("outcome_reason"),
                instant(row.getOffsetDateTime("sla_due_at")), instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("updated_at")), instant(row.getOffsetDateTime("closed_at")));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
