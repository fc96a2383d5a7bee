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

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** SQL of the ownership registry and its history. */
@ApplicationScoped
public class OwnershipRepository {

    private static final String COLUMNS =
            "lead_id, owner, rep_id, team_id, status, stage, seq, version, sla_due_at, updated_at";

    public Uni<Ownership> find(SqlClient client, UUID leadId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM lead_ownership WHERE lead_id = $1")
                .execute(Tuple.of(leadId)).map(OwnershipRepository::first);
    }

    public Uni<Ownership> findForUpdate(SqlClient tx, UUID leadId) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM lead_ownership WHERE lead_id = $1 FOR UPDATE")
                .execute(Tuple.of(leadId)).map(OwnershipRepository::first);
    }

    /** Inserts or replaces the lead's row with {@code ownership}. */
    public Uni<Void> save(SqlClient tx, Ownership o) {
        return tx.preparedQuery("INSERT INTO lead_ownership (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                        + " ON CONFLICT (lead_id) DO UPDATE SET owner = EXCLUDED.owner, rep_id = EXCLUDED.rep_id,"
                        + " team_id = EXCLUDED.team_id, status = EXCLUDED.status, stage = EXCLUDED.stage, seq = EXCLUDED.seq,"
                        + " version = EXCLUDED.version, sla_due_at = EXCLUDED.sla_due_at, updated_at = EXCLUDED.updated_at")
                .execute(Tuple.from(new Object[] {o.leadId(), o.owner().name(), o.repId(), o.teamId(), o.status().name(),
                        o.stage().name(), o.seq(), o.version(), utc(o.slaDueAt()), utc(o.updatedAt())}))
                .replaceWithVoid();
    }

    public Uni<Void> record(SqlClient tx, Ownership o, String kind, Actor actor, String reason, String causationId,
            Instant at) {
        return tx.preparedQuery("INSERT INTO ownership_history (lead_id, kind, version, owner, rep_id, status, actor_id,"
                        + " actor_kind, on_behalf_of, reason, causation_id, occurred_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
                .execute(Tuple.from(new Object[] {o.leadId(), kind, "CHANGE".equals(kind) ? o.version() : null,
                        o.owner().name(), o.repId(), o.status().name(), actor.id(), actor.kind(), actor.onBehalfOf(),
                        reason, causationId, utc(at)}))
                .replaceWithVoid();
    }

    public Uni<List<HistoryEntry>> history(SqlClient client, UUID leadId) {
        return client.preparedQuery("SELECT kind, version, owner, rep_id, status, actor_id, actor_kind, on_behalf_of,"
                        + " reason, causation_id, occurred_at FROM ownership_history WHERE lead_id = $1 ORDER BY id")
                .execute(Tuple.of(leadId))
                .map(rows -> rows.stream().map(HistoryEntry::from).toList());
    }

    private static Ownership first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? Ownership.from(iterator.next()) : null;
    }

    static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    /** One line of {@code GET /ownership/{id}/history}. */
    public record HistoryEntry(String kind, Long version, Owner owner, String repId, String status, String actorId,
            String actorKind, String onBehalfOf, String reason, String causationId, Instant occurredAt) {

        static HistoryEntry from(Row row) {
            return new HistoryEntry(row.getString("kind"), row.getLong("version"), Owner.valueOf(row.getString("owner")),
                    row.getString("rep_id"), row.getString("status"), row.getString("actor_id"),
                    row.getString("actor_kind"), row.getString("on_behalf_of"), row.getString("reason"),
                    row.getString("causation_id"), row.getOffsetDateTime("occurred_at").toInstant());
        }
    }

}
