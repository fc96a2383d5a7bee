package dev.baton.sales.opportunity;

import dev.baton.contract.Owner;
import dev.baton.contract.Stage;
import io.vertx.mutiny.sqlclient.Row;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An opportunity: one handoff of a lead to a rep (or a cross-sell to a customer), through the pipeline to WON or LOST.
 * {@code lead} is sales' current view of the lead (stage, owner and assignee from the lifecycle and ownership topics).
 */
public record Opportunity(
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
        Instant updatedAt,
        Instant closedAt,
        LeadState lead) {

    /** The lead as sales sees it now; {@code null} fields while sales has not heard of it. */
    public record LeadState(Stage stage, Owner owner, String repId) {
    }

    static final String COLUMNS = "opportunity_id, lead_id, kind, title, rep_id, team_id, status, pipeline_stage,"
            + " response_pending, amount, expected_close_date, outcome_reason, referrer_lead_id, sla_due_at,"
            + " responded_at, responded_by, created_at, updated_at, closed_at";

    /** The opportunity's columns with the lead's view joined; alias {@code o} for the opportunity. */
    static final String SELECT = "SELECT " + COLUMNS.replaceAll("(\\w+)", "o.$1")
            + ", l.stage AS lead_stage, l.owner AS lead_owner, l.rep_id AS lead_rep_id"
            + " FROM opportunity o LEFT JOIN lead_view l ON l.lead_id = o.lead_id";

    public boolean isClosed() {
        return status == OpportunityStatus.WON || status == OpportunityStatus.LOST;
    }

    static Opportunity from(Row row) {
        String leadStage = row.getString("lead_stage");
        String leadOwner = row.getString("lead_owner");
        return new Opportunity(row.getUUID("opportunity_id"), row.getUUID("lead_id"),
                OpportunityKind.valueOf(row.getString("kind")), row.getString("title"), row.getString("rep_id"),
                row.getString("team_id"), OpportunityStatus.valueOf(row.getString("status")),
                PipelineStage.valueOf(row.getString("pipeline_stage")), row.getString("response_pending"),
                row.getBigDecimal("amount"), row.getLocalDate("expected_close_date"), row.getString("outcome_reason"),
                row.getUUID("referrer_lead_id"), instant(row.getOffsetDateTime("sla_due_at")),
                instant(row.getOffsetDateTime("responded_at")), row.getString("responded_by"),
                instant(row.getOffsetDateTime("created_at")), instant(row.getOffsetDateTime("updated_at")),
                instant(row.getOffsetDateTime("closed_at")),
                new LeadState(leadStage == null ? null : Stage.valueOf(leadStage),
                        leadOwner == null ? null : Owner.valueOf(leadOwner), row.getString("lead_rep_id")));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
