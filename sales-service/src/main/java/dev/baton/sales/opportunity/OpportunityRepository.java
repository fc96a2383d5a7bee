package dev.baton.sales.opportunity;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** SQL of opportunities. */
@ApplicationScoped
public class OpportunityRepository {

    public Uni<Opportunity> find(SqlClient client, UUID opportunityId) {
        return client.preparedQuery("SELECT " + Opportunity.COLUMNS + " FROM opportunity WHERE opportunity_id = $1")
                .execute(Tuple.of(opportunityId)).map(OpportunityRepository::first);
    }

    public Uni<Opportunity> findForUpdate(SqlClient tx, UUID opportunityId) {
        return tx.preparedQuery("SELECT " + Opportunity.COLUMNS + " FROM opportunity WHERE opportunity_id = $1 FOR UPDATE")
                .execute(Tuple.of(opportunityId)).map(OpportunityRepository::first);
    }

    /** The lead's opportunity that is waiting for an answer or open, if any. */
    public Uni<Opportunity> activeForLead(SqlClient tx, UUID leadId) {
        return tx.preparedQuery("SELECT " + Opportunity.COLUMNS + " FROM opportunity WHERE lead_id = $1"
                        + " AND status IN ('AWAITING_RESPONSE', 'OPEN') FOR UPDATE")
                .execute(Tuple.of(leadId)).map(OpportunityRepository::first);
    }

    /** The lead's opportunities, newest first, restricted to {@code reps} unless null. */
    public Uni<List<Opportunity>> forLead(SqlClient client, UUID leadId, List<String> reps) {
        return client.preparedQuery("SELECT " + Opportunity.COLUMNS + " FROM opportunity WHERE lead_id = $1"
                        + " AND ($2::text[] IS NULL OR rep_id = ANY($2)) ORDER BY created_at DESC")
                .execute(Tuple.of(leadId, reps == null ? null : reps.toArray(String[]::new)))
                .map(rows -> rows.stream().map(Opportunity::from).toList());
    }

    public Uni<Void> insert(SqlClient tx, Opportunity o) {
        return tx.preparedQuery("INSERT INTO opportunity (" + Opportunity.COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6,"
                        + " $7, $8, $9, $10, $11, $12, $13, $14)")
                .execute(Tuple.from(new Object[] {o.opportunityId(), o.leadId(), o.repId(), o.teamId(), o.status().name(),
                        o.pipelineStage().name(), o.responsePending(), o.amount(), o.expectedCloseDate(),
                        o.outcomeReason(), utc(o.slaDueAt()), utc(o.createdAt()), utc(o.updatedAt()), utc(o.closedAt())}))
                .replaceWithVoid();
    }

    public Uni<Void> setStatus(SqlClient tx, UUID opportunityId, OpportunityStatus status, String responsePending,
            Instant at) {
        return tx.preparedQuery("UPDATE opportunity SET status = $2, response_pending = $3, updated_at = $4"
                        + " WHERE opportunity_id = $1")
                .execute(Tuple.of(opportunityId, status.name(), responsePending, utc(at))).replaceWithVoid();
    }

    public Uni<Void> setResponsePending(SqlClient tx, UUID opportunityId, String decision, Instant at) {
        return tx.preparedQuery("UPDATE opportunity SET response_pending = $2, updated_at = $3 WHERE opportunity_id = $1")
                .execute(Tuple.of(opportunityId, decision, utc(at))).replaceWithVoid();
    }

    public Uni<Void> close(SqlClient tx, UUID opportunityId, OpportunityStatus outcome, BigDecimal amount, String reason,
            Instant at) {
        return tx.preparedQuery("UPDATE opportunity SET status = $2, amount = COALESCE($3, amount), outcome_reason = $4,"
                        + " pipeline_stage = 'CLOSING', updated_at = $5, closed_at = $5 WHERE opportunity_id = $1")
                .execute(Tuple.of(opportunityId, outcome.name(), amount, reason, utc(at))).replaceWithVoid();
    }

    private static Opportunity first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? Opportunity.from(iterator.next()) : null;
    }

    static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
