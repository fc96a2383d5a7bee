package dev.baton.sales.opportunity.persistence;

import dev.baton.contract.Owner;
import dev.baton.contract.Stage;
import dev.baton.platform.time.Timestamps;
import dev.baton.sales.lead.domain.ContactPermission;
import dev.baton.sales.lead.domain.LeadState;
import dev.baton.sales.lead.persistence.LeadViewRepository;
import dev.baton.sales.opportunity.domain.AwaitingAnswer;
import dev.baton.sales.opportunity.domain.Opportunity;
import dev.baton.sales.opportunity.domain.OpportunityKind;
import dev.baton.sales.opportunity.domain.OpportunityStatus;
import dev.baton.sales.opportunity.domain.PipelineStage;
import dev.baton.sales.opportunity.domain.StageChange;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static dev.baton.platform.time.Timestamps.utc;

/** SQL of opportunities and their stage history. */
@ApplicationScoped
public class OpportunityRepository {

    private static final String COLUMNS = "opportunity_id, lead_id, kind, title, rep_id, team_id, status, pipeline_stage,"
            + " response_pending, amount, expected_close_date, outcome_reason, referrer_lead_id, sla_due_at,"
            + " responded_at, responded_by, created_at, updated_at, closed_at";

    /** The opportunity's columns with the lead's view joined; alias {@code o} for the opportunity. */
    private static final String SELECT = "SELECT " + COLUMNS.replaceAll("(\\w+)", "o.$1")
            + ", l.stage AS lead_stage, l.owner AS lead_owner, l.rep_id AS lead_rep_id,"
            + " l.contact_consent AS lead_contact_consent"
            + " FROM opportunity o LEFT JOIN lead_view l ON l.lead_id = o.lead_id";

    public Uni<Opportunity> find(SqlClient client, UUID opportunityId) {
        return client.preparedQuery(SELECT + " WHERE o.opportunity_id = $1")
                .execute(Tuple.of(opportunityId)).map(OpportunityRepository::first);
    }

    public Uni<Opportunity> findForUpdate(SqlClient tx, UUID opportunityId) {
        return tx.preparedQuery(SELECT + " WHERE o.opportunity_id = $1 FOR UPDATE OF o")
                .execute(Tuple.of(opportunityId)).map(OpportunityRepository::first);
    }

    /** The lead's handed-off opportunity that is waiting for an answer or open, if any (never a cross-sell). */
    public Uni<Opportunity> activeForLead(SqlClient tx, UUID leadId) {
        return tx.preparedQuery(SELECT + " WHERE o.lead_id = $1 AND o.kind = 'NEW_BUSINESS'"
                        + " AND o.status IN ('AWAITING_RESPONSE', 'OPEN') FOR UPDATE OF o")
                .execute(Tuple.of(leadId)).map(OpportunityRepository::first);
    }

    /** The lead's opportunities, newest first, restricted to {@code reps} unless null. */
    public Uni<List<Opportunity>> forLead(SqlClient client, UUID leadId, List<String> reps) {
        return client.preparedQuery(SELECT + " WHERE o.lead_id = $1"
                        + " AND ($2::text[] IS NULL OR o.rep_id = ANY($2)) ORDER BY o.created_at DESC")
                .execute(Tuple.of(leadId, array(reps)))
                .map(rows -> rows.stream().map(OpportunityRepository::opportunity).toList());
    }

    public Uni<Void> insert(SqlClient tx, Opportunity o) {
        return tx.preparedQuery("INSERT INTO opportunity (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6,"
                        + " $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)")
                .execute(Tuple.from(new Object[] {o.opportunityId(), o.leadId(), o.kind().name(), o.title(), o.repId(),
                        o.teamId(), o.status().name(), o.pipelineStage().name(), o.responsePending(), o.amount(),
                        o.expectedCloseDate(), o.outcomeReason(), o.referrerLeadId(), utc(o.slaDueAt()),
                        utc(o.respondedAt()), o.respondedBy(), utc(o.createdAt()), utc(o.updatedAt()),
                        utc(o.closedAt())}))
                .replaceWithVoid();
    }

    public Uni<Void> setStatus(SqlClient tx, UUID opportunityId, OpportunityStatus status, String responsePending,
            Instant at) {
        return tx.preparedQuery("UPDATE opportunity SET status = $2, response_pending = $3, updated_at = $4"
                        + " WHERE opportunity_id = $1")
                .execute(Tuple.of(opportunityId, status.name(), responsePending, utc(at))).replaceWithVoid();
    }

    /** The handoff service confirmed the answer: OPEN or REJECTED; the answer's time is kept if sales sent it. */
    public Uni<Void> confirm(SqlClient tx, UUID opportunityId, OpportunityStatus status, String by, Instant at) {
        return tx.preparedQuery("UPDATE opportunity SET status = $2, response_pending = NULL, updated_at = $4,"
                        + " responded_at = COALESCE(responded_at, $4), responded_by = COALESCE(responded_by, $3)"
                        + " WHERE opportunity_id = $1")
                .execute(Tuple.of(opportunityId, status.name(), by, utc(at))).replaceWithVoid();
    }

    public Uni<Void> setResponsePending(SqlClient tx, UUID opportunityId, String decision, String actorId, Instant at) {
        return tx.preparedQuery("UPDATE opportunity SET response_pending = $2, responded_at = $4, responded_by = $3,"
                        + " updated_at = $4 WHERE opportunity_id = $1")
                .execute(Tuple.of(opportunityId, decision, actorId, utc(at))).replaceWithVoid();
    }

    /** Moves the pipeline stage; a given amount or expected close date replaces the previous one. */
    public Uni<Void> moveStage(SqlClient tx, UUID opportunityId, PipelineStage stage, BigDecimal amount,
            LocalDate expectedCloseDate, Instant at) {
        return tx.preparedQuery("UPDATE opportunity SET pipeline_stage = $2, amount = COALESCE($3, amount),"
                        + " expected_close_date = COALESCE($4, expected_close_date), updated_at = $5"
                        + " WHERE opportunity_id = $1")
                .execute(Tuple.of(opportunityId, stage.name(), amount, expectedCloseDate, utc(at))).replaceWithVoid();
    }

    public Uni<Void> setAmount(SqlClient tx, UUID opportunityId, BigDecimal amount, Instant at) {
        return tx.preparedQuery("UPDATE opportunity SET amount = $2, updated_at = $3 WHERE opportunity_id = $1")
                .execute(Tuple.of(opportunityId, amount, utc(at))).replaceWithVoid();
    }

    /** WON or LOST; the pipeline stage stays where the opportunity was when it ended (reports: lost at which stage). */
    public Uni<Void> close(SqlClient tx, UUID opportunityId, OpportunityStatus outcome, BigDecimal amount, String reason,
            Instant at) {
        return tx.preparedQuery("UPDATE opportunity SET status = $2, amount = COALESCE($3, amount), outcome_reason = $4,"
                        + " updated_at = $5, closed_at = $5 WHERE opportunity_id = $1")
                .execute(Tuple.of(opportunityId, outcome.name(), amount, reason, utc(at))).replaceWithVoid();
    }

    /** Attributes a lead's handed-off opportunities to the customer who referred it (whichever arrives first). */
    public Uni<Void> attributeReferral(SqlClient tx, UUID leadId, UUID referrerLeadId) {
        return tx.preparedQuery("UPDATE opportunity SET referrer_lead_id = $2 WHERE lead_id = $1"
                        + " AND kind = 'NEW_BUSINESS' AND referrer_lead_id IS NULL")
                .execute(Tuple.of(leadId, referrerLeadId)).replaceWithVoid();
    }


    public Uni<Void> recordStageChange(SqlClient tx, StageChange change) {
        return tx.preparedQuery("INSERT INTO opportunity_stage_change (change_id, opportunity_id, from_stage, to_stage,"
                        + " amount, expected_close_date, reason, actor_id, rep_id, occurred_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                .execute(Tuple.from(new Object[] {change.changeId(), change.opportunityId(), change.from(), change.to(),
                        change.amount(), change.expectedCloseDate(), change.reason(), change.actorId(), change.repId(),
                        utc(change.occurredAt())}))
                .replaceWithVoid();
    }

    public Uni<List<StageChange>> stageChanges(SqlClient client, UUID opportunityId) {
        return client.preparedQuery("SELECT change_id, opportunity_id, from_stage, to_stage, amount, expected_close_date,"
                        + " reason, actor_id, rep_id, occurred_at FROM opportunity_stage_change WHERE opportunity_id = $1"
                        + " ORDER BY occurred_at, change_id")
                .execute(Tuple.of(opportunityId))
                .map(rows -> rows.stream().map(row -> new StageChange(row.getUUID("change_id"),
                        row.getUUID("opportunity_id"), row.getString("from_stage"), row.getString("to_stage"),
                        row.getBigDecimal("amount"), row.getLocalDate("expected_close_date"), row.getString("reason"),
                        row.getString("actor_id"), row.getString("rep_id"),
                        Timestamps.instant(row.getOffsetDateTime("occurred_at")))).toList());
    }

    private static Opportunity first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? opportunity(iterator.next()) : null;
    }

    private static Opportunity opportunity(Row row) {
        String leadStage = row.getString("lead_stage");
        String leadOwner = row.getString("lead_owner");
        return new Opportunity(row.getUUID("opportunity_id"), row.getUUID("lead_id"),
                OpportunityKind.valueOf(row.getString("kind")), row.getString("title"), row.getString("rep_id"),
                row.getString("team_id"), OpportunityStatus.valueOf(row.getString("status")),
                PipelineStage.valueOf(row.getString("pipeline_stage")), row.getString("response_pending"),
                row.getBigDecimal("amount"), row.getLocalDate("expected_close_date"), row.getString("outcome_reason"),
                row.getUUID("referrer_lead_id"), Timestamps.instant(row.getOffsetDateTime("sla_due_at")),
                Timestamps.instant(row.getOffsetDateTime("responded_at")), row.getString("responded_by"),
                Timestamps.instant(row.getOffsetDateTime("created_at")),
                Timestamps.instant(row.getOffsetDateTime("updated_at")),
                Timestamps.instant(row.getOffsetDateTime("closed_at")),
                new LeadState(leadStage == null ? null : Stage.valueOf(leadStage),
                        leadOwner == null ? null : Owner.valueOf(leadOwner), row.getString("lead_rep_id"),
                        ContactPermission.of(LeadViewRepository.consent(row.getJsonObject("lead_contact_consent")))));
    }

    /** When the handoff's SLA is at risk (sla-at-risk is published then), as the handoff service set it. */
    public Uni<Void> setSlaAtRisk(SqlClient tx, UUID opportunityId, Instant atRiskAt) {
        return tx.preparedQuery("UPDATE opportunity SET sla_at_risk_at = $2 WHERE opportunity_id = $1")
                .execute(Tuple.of(opportunityId, Timestamps.utc(atRiskAt))).replaceWithVoid();
    }

    /** Handoffs waiting for an answer from {@code reps} (null: all), the SLA ending soonest first, at most {@code limit}. */
    public Uni<List<AwaitingAnswer>> awaitingAnswer(SqlClient client, List<String> reps, int limit) {
        return client.preparedQuery("SELECT opportunity_id, lead_id, rep_id, sla_due_at, sla_at_risk_at FROM opportunity"
                        + " WHERE status = 'AWAITING_RESPONSE' AND ($1::text[] IS NULL OR rep_id = ANY($1))"
                        + " ORDER BY sla_due_at NULLS LAST, opportunity_id LIMIT $2")
                .execute(Tuple.of(array(reps), limit))
                .map(rows -> rows.stream().map(row -> new AwaitingAnswer(row.getUUID("opportunity_id"),
                        row.getUUID("lead_id"), row.getString("rep_id"),
                        Timestamps.instant(row.getOffsetDateTime("sla_due_at")),
                        Timestamps.instant(row.getOffsetDateTime("sla_at_risk_at")))).toList());
    }

    /** A list parameter for {@code = ANY($n)}; null (no restriction) stays null. */
    public static String[] array(List<String> values) {
        return values == null ? null : values.toArray(String[]::new);
    }
}
