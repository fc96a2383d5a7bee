package dev.baton.handoff.ownership;

import dev.baton.contract.Actor;
import dev.baton.contract.Owner;
import dev.baton.contract.Stage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import static dev.baton.platform.time.Timestamps.instant;
import static dev.baton.platform.time.Timestamps.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** SQL of the ownership registry and its history. */
@ApplicationScoped
public class OwnershipRepository {

    static final String COLUMNS = "lead_id, owner, rep_id, team_id, status, stage, seq, version, sla_due_at,"
            + " sla_at_risk_at, sla_at_risk_sent, reassignments, tried_reps, country, updated_at";
    private static final String HISTORY_COLUMNS = "kind, version, owner, rep_id, team_id, status, stage, sla_due_at,"
            + " actor_id, actor_kind, on_behalf_of, reason, causation_id, occurred_at";

    public Uni<Ownership> find(SqlClient client, UUID leadId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM lead_ownership WHERE lead_id = $1")
                .execute(Tuple.of(leadId)).map(OwnershipRepository::first);
    }

    public Uni<Ownership> findForUpdate(SqlClient tx, UUID leadId) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM lead_ownership WHERE lead_id = $1 FOR UPDATE")
                .execute(Tuple.of(leadId)).map(OwnershipRepository::first);
    }

    /**
     * Claims one lead whose SLA timer is due (at risk, or breached) at {@code now}, locked for this transaction. Rows
     * another transaction holds (another replica's claim, a consumer applying an answer) are skipped, so a timer fires
     * once however many instances poll.
     */
    public Uni<Ownership> claimDueTimer(SqlClient tx, Instant now) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM lead_ownership WHERE status = 'HANDED_OFF'"
                        + " AND (sla_due_at <= $1 OR (NOT sla_at_risk_sent AND sla_at_risk_at <= $1))"
                        + " ORDER BY sla_due_at LIMIT 1 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(utc(now))).map(OwnershipRepository::first);
    }

    /** Every row, for comparing with a rebuild. */
    public Uni<List<Ownership>> all(SqlClient client) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM lead_ownership ORDER BY lead_id").execute()
                .map(rows -> rows.stream().map(Ownership::from).toList());
    }

    /** Inserts or replaces the lead's row with {@code ownership}. */
    public Uni<Void> save(SqlClient tx, Ownership o) {
        return tx.preparedQuery("INSERT INTO lead_ownership (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
                        + " $10, $11, $12, $13, $14, $15)"
                        + " ON CONFLICT (lead_id) DO UPDATE SET owner = EXCLUDED.owner, rep_id = EXCLUDED.rep_id,"
                        + " team_id = EXCLUDED.team_id, status = EXCLUDED.status, stage = EXCLUDED.stage, seq = EXCLUDED.seq,"
                        + " version = EXCLUDED.version, sla_due_at = EXCLUDED.sla_due_at,"
                        + " sla_at_risk_at = EXCLUDED.sla_at_risk_at, sla_at_risk_sent = EXCLUDED.sla_at_risk_sent,"
                        + " reassignments = EXCLUDED.reassignments, tried_reps = EXCLUDED.tried_reps,"
                        + " country = EXCLUDED.country, updated_at = EXCLUDED.updated_at")
                .execute(row(o))
                .replaceWithVoid();
    }

    private static Tuple row(Ownership o) {
        return Tuple.from(new Object[] {o.leadId(), o.owner().name(), o.repId(), o.teamId(), o.status().name(),
                o.stage().name(), o.seq(), o.version(), utc(o.slaDueAt()), utc(o.slaAtRiskAt()), o.slaAtRiskSent(),
                o.reassignments(), o.triedReps().toArray(String[]::new), o.country(), utc(o.updatedAt())});
    }

    /** Appends history lines, in order. */
    public Uni<Void> record(SqlClient tx, UUID leadId, List<HistoryLine> lines) {
        if (lines.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(lines.size());
        for (HistoryLine line : lines) {
            Ownership o = line.state();
            rows.add(Tuple.from(new Object[] {leadId, line.kind(), "CHANGE".equals(line.kind()) ? o.version() : null,
                    o.owner().name(), o.repId(), o.teamId(), o.status().name(), o.stage().name(), utc(o.slaDueAt()),
                    line.actor().id(), line.actor().kind(), line.actor().onBehalfOf(), line.reason(),
                    line.causationId(), utc(line.occurredAt())}));
        }
        return tx.preparedQuery("INSERT INTO ownership_history (lead_id, " + HISTORY_COLUMNS + ")"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)")
                .executeBatch(rows).replaceWithVoid();
    }

    public Uni<List<HistoryEntry>> history(SqlClient client, UUID leadId) {
        return client.preparedQuery("SELECT " + HISTORY_COLUMNS + " FROM ownership_history WHERE lead_id = $1 ORDER BY id")
                .execute(Tuple.of(leadId))
                .map(rows -> rows.stream().map(HistoryEntry::from).toList());
    }

    /** The last ownership change of the lead at or before {@code at}, or null when it was not registered yet. */
    public Uni<HistoryEntry> changeAt(SqlClient client, UUID leadId, Instant at) {
        return client.preparedQuery("SELECT " + HISTORY_COLUMNS + " FROM ownership_history WHERE lead_id = $1"
                        + " AND kind = 'CHANGE' AND occurred_at <= $2 ORDER BY occurred_at DESC, id DESC LIMIT 1")
                .execute(Tuple.of(leadId, utc(at)))
                .map(rows -> rows.iterator().hasNext() ? HistoryEntry.from(rows.iterator().next()) : null);
    }

    /** Replaces a lead's row and its ownership changes (not its refusals) with rebuilt ones. */
    public Uni<Void> replace(SqlClient tx, Ownership o, List<HistoryLine> changes) {
        return tx.preparedQuery("DELETE FROM ownership_history WHERE lead_id = $1 AND kind = 'CHANGE'")
                .execute(Tuple.of(o.leadId()))
                .flatMap(v -> save(tx, o))
                .flatMap(v -> record(tx, o.leadId(), changes));
    }

    private static Ownership first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? Ownership.from(iterator.next()) : null;
    }

    /**
     * One line to append to the history.
     *
     * @param kind  CHANGE (a new ownership version) or REFUSAL (a refused handoff or answer; the row did not change)
     * @param state the row after the change (or as it stood, for a refusal)
     */
    public record HistoryLine(String kind, Ownership state, Actor actor, String reason, String causationId,
            Instant occurredAt) {

        public static HistoryLine change(Ownership state, OwnershipProjection.Change change) {
            return new HistoryLine("CHANGE", state, change.actor(), change.reason(), change.causationId(),
                    change.occurredAt());
        }
    }

    /**
     * One line of {@code GET /ownership/{id}/history}.
     *
     * @param kind    CHANGE: a new ownership version; REFUSAL: a refused handoff or a refused answer (nothing changed)
     * @param version the ownership version a CHANGE made
     * @param stage   the lead's stage at that moment
     */
    public record HistoryEntry(String kind, Long version, Owner owner, String repId, String teamId, String status,
            Stage stage, Instant slaDueAt, String actorId, String actorKind, String onBehalfOf, String reason,
            String causationId, Instant occurredAt) {

        static HistoryEntry from(Row row) {
            OffsetDateTime due = row.getOffsetDateTime("sla_due_at");
            String stage = row.getString("stage");
            return new HistoryEntry(row.getString("kind"), row.getLong("version"), Owner.valueOf(row.getString("owner")),
                    row.getString("rep_id"), row.getString("team_id"), row.getString("status"),
                    stage == null ? null : Stage.valueOf(stage), instant(due),
                    row.getString("actor_id"), row.getString("actor_kind"), row.getString("on_behalf_of"),
                    row.getString("reason"), row.getString("causation_id"),
                    instant(row.getOffsetDateTime("occurred_at")));
        }
    }
}
