package dev.baton.handoff.ownership.persistence;

import dev.baton.contract.Owner;
import dev.baton.contract.Stage;
import dev.baton.handoff.ownership.domain.HandoffStatus;
import dev.baton.handoff.ownership.domain.HistoryEntry;
import dev.baton.handoff.ownership.domain.HistoryLine;
import dev.baton.handoff.ownership.domain.Ownership;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import static dev.baton.platform.time.Timestamps.instant;
import static dev.baton.platform.time.Timestamps.utc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** SQL of the ownership registry and its history. */
@ApplicationScoped
public class OwnershipRepository {

    /** The registry's columns, in the order of {@link #ownership(Row)}. */
    public static final String COLUMNS = "lead_id, owner, rep_id, team_id, status, stage, seq, version, sla_due_at,"
            + " sla_at_risk_at, sla_at_risk_sent, reassignments, tried_reps, country, contactable, closed_outcome, closed_at,"
            + " updated_at";
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

    /** Every row, for comparing with a rebuild. */
    public Uni<List<Ownership>> all(SqlClient client) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM lead_ownership ORDER BY lead_id").execute()
                .map(rows -> rows.stream().map(OwnershipRepository::ownership).toList());
    }

    /** Inserts or replaces the lead's row with {@code ownership}. */
    public Uni<Void> save(SqlClient tx, Ownership o) {
        return tx.preparedQuery("INSERT INTO lead_ownership (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
                        + " $10, $11, $12, $13, $14, $15, $16, $17, $18)"
                        + " ON CONFLICT (lead_id) DO UPDATE SET owner = EXCLUDED.owner, rep_id = EXCLUDED.rep_id,"
                        + " team_id = EXCLUDED.team_id, status = EXCLUDED.status, stage = EXCLUDED.stage, seq = EXCLUDED.seq,"
                        + " version = EXCLUDED.version, sla_due_at = EXCLUDED.sla_due_at,"
                        + " sla_at_risk_at = EXCLUDED.sla_at_risk_at, sla_at_risk_sent = EXCLUDED.sla_at_risk_sent,"
                        + " reassignments = EXCLUDED.reassignments, tried_reps = EXCLUDED.tried_reps,"
                        + " country = EXCLUDED.country, contactable = EXCLUDED.contactable,"
                        + " closed_outcome = EXCLUDED.closed_outcome, closed_at = EXCLUDED.closed_at, updated_at = EXCLUDED.updated_at")
                .execute(row(o))
                .replaceWithVoid();
    }

    private static Tuple row(Ownership o) {
        return Tuple.from(new Object[] {o.leadId(), o.owner().name(), o.repId(), o.teamId(), o.status().name(),
                o.stage().name(), o.seq(), o.version(), utc(o.slaDueAt()), utc(o.slaAtRiskAt()), o.slaAtRiskSent(),
                o.reassignments(), o.triedReps().toArray(String[]::new), o.country(), o.contactable(),
                o.closedOutcome(), utc(o.closedAt()), utc(o.updatedAt())});
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

    /**
     * Erases the users' own words from a lead's history: their notes go, and a user's change keeps only its event type
     * (older lines carried the words after it); the lead is marked erased.
     */
    public Uni<Void> eraseWords(SqlClient tx, UUID leadId) {
        return tx.preparedQuery("DELETE FROM ownership_history WHERE lead_id = $1 AND kind = 'NOTE'")
                .execute(Tuple.of(leadId))
                .flatMap(v -> tx.preparedQuery("UPDATE ownership_history SET reason = split_part(reason, ':', 1)"
                        + " WHERE lead_id = $1 AND actor_kind = 'USER' AND reason LIKE '%:%'").execute(Tuple.of(leadId)))
                .flatMap(v -> tx.preparedQuery("UPDATE lead_ownership SET erased_at = now() WHERE lead_id = $1")
                        .execute(Tuple.of(leadId)))
                .replaceWithVoid();
    }

    /** Whether the person behind the lead was erased (nothing more is written about them). */
    public Uni<Boolean> erased(SqlClient client, UUID leadId) {
        return client.preparedQuery("SELECT erased_at IS NOT NULL AS erased FROM lead_ownership WHERE lead_id = $1")
                .execute(Tuple.of(leadId))
                .map(rows -> rows.iterator().hasNext() && rows.iterator().next().getBoolean("erased"));
    }

    /** Everything the registry holds about a lead, as stored, for the person's export: {ownership, history}. */
    public Uni<JsonObject> export(SqlClient client, UUID leadId) {
        return client.preparedQuery("SELECT json_build_object('ownership', (SELECT row_to_json(o) FROM lead_ownership o"
                        + " WHERE o.lead_id = $1), 'history', coalesce((SELECT json_agg(h ORDER BY h.occurred_at, h.id)"
                        + " FROM ownership_history h WHERE h.lead_id = $1), '[]'::json))::text AS export")
                .execute(Tuple.of(leadId))
                .map(rows -> new JsonObject(rows.iterator().next().getString("export")));
    }

    public Uni<List<HistoryEntry>> history(SqlClient client, UUID leadId) {
        // in time order: a rebuild rewrites the changes and stage moves after the refusals it keeps
        return client.preparedQuery("SELECT " + HISTORY_COLUMNS + " FROM ownership_history WHERE lead_id = $1"
                        + " ORDER BY occurred_at, id")
                .execute(Tuple.of(leadId))
                .map(rows -> rows.stream().map(OwnershipRepository::historyEntry).toList());
    }

    /**
     * The last ownership change of the lead at or before {@code at}, with the stage of its last change or stage move
     * by then; null when it was not registered yet.
     */
    public Uni<HistoryEntry> changeAt(SqlClient client, UUID leadId, Instant at) {
        return client.preparedQuery("SELECT " + HISTORY_COLUMNS + ", (SELECT s.stage FROM ownership_history s"
                        + " WHERE s.lead_id = $1 AND s.kind IN ('CHANGE', 'STAGE') AND s.occurred_at <= $2"
                        + " ORDER BY s.occurred_at DESC, s.id DESC LIMIT 1) AS stage_then"
                        + " FROM ownership_history WHERE lead_id = $1"
                        + " AND kind = 'CHANGE' AND occurred_at <= $2 ORDER BY occurred_at DESC, id DESC LIMIT 1")
                .execute(Tuple.of(leadId, utc(at)))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    HistoryEntry change = historyEntry(row);
                    String stage = row.getString("stage_then");
                    return new HistoryEntry(change.kind(), change.version(), change.owner(), change.repId(),
                            change.teamId(), change.status(), stage == null ? change.stage() : Stage.valueOf(stage),
                            change.slaDueAt(), change.actorId(), change.actorKind(), change.onBehalfOf(),
                            change.reason(), change.causationId(), change.occurredAt());
                });
    }

    /** Replaces a lead's row and its ownership changes and stage moves (not its refusals) with rebuilt ones. */
    public Uni<Void> replace(SqlClient tx, Ownership o, List<HistoryLine> changes) {
        return tx.preparedQuery("DELETE FROM ownership_history WHERE lead_id = $1 AND kind IN ('CHANGE', 'STAGE')")
                .execute(Tuple.of(o.leadId()))
                .flatMap(v -> save(tx, o))
                .flatMap(v -> record(tx, o.leadId(), changes));
    }

    private static Ownership first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? ownership(iterator.next()) : null;
    }

    /** A registry row read with {@link #COLUMNS} (also by other repositories that join it). */
    public static Ownership ownership(Row row) {
        String[] tried = row.getArrayOfStrings("tried_reps");
        return new Ownership(row.getUUID("lead_id"), Owner.valueOf(row.getString("owner")), row.getString("rep_id"),
                row.getString("team_id"), HandoffStatus.valueOf(row.getString("status")),
                Stage.valueOf(row.getString("stage")), row.getLong("seq"), row.getLong("version"),
                instant(row.getOffsetDateTime("sla_due_at")), instant(row.getOffsetDateTime("sla_at_risk_at")),
                Boolean.TRUE.equals(row.getBoolean("sla_at_risk_sent")), row.getInteger("reassignments"),
                tried == null ? List.of() : Arrays.asList(tried), row.getString("country"),
                row.getBoolean("contactable"), row.getString("closed_outcome"),
                instant(row.getOffsetDateTime("closed_at")), instant(row.getOffsetDateTime("updated_at")));
    }

    private static HistoryEntry historyEntry(Row row) {
        String stage = row.getString("stage");
        return new HistoryEntry(row.getString("kind"), row.getLong("version"), Owner.valueOf(row.getString("owner")),
                row.getString("rep_id"), row.getString("team_id"), row.getString("status"),
                stage == null ? null : Stage.valueOf(stage), instant(row.getOffsetDateTime("sla_due_at")),
                row.getString("actor_id"), row.getString("actor_kind"), row.getString("on_behalf_of"),
                row.getString("reason"), row.getString("causation_id"), instant(row.getOffsetDateTime("occurred_at")));
    }
}
