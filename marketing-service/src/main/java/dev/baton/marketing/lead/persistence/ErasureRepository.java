package dev.baton.marketing.lead.persistence;

import dev.baton.contract.Stage;
import dev.baton.marketing.lead.domain.Erasure;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.baton.platform.time.Timestamps.instant;
import static dev.baton.platform.time.Timestamps.utc;

/** Erasing a person's data from marketing's tables, and the erasures with each service's confirmation. */
@ApplicationScoped
public class ErasureRepository {

    /** What marketing holds about a person, in the order it is erased (children first). */
    private static final List<String> ERASE = List.of(
            "DELETE FROM engagement WHERE lead_id = ANY($1)"
                    + " OR visitor_id IN (SELECT visitor_id FROM visitor WHERE lead_id = ANY($1))",
            "DELETE FROM visitor WHERE lead_id = ANY($1)",
            "DELETE FROM consent_confirmation WHERE lead_id = ANY($1)",
            "DELETE FROM lead_note WHERE lead_id = ANY($1)",
            // The proof that consent was given or withdrawn stays, without the person's words, address or device.
            "UPDATE consent SET source = 'erased', granted = FALSE WHERE lead_id = ANY($1)",
            "UPDATE consent_event SET source = 'erased', client_ip = NULL, user_agent = NULL WHERE lead_id = ANY($1)",
            "UPDATE conversion SET source = NULL WHERE lead_id = ANY($1)",
            "UPDATE lead_alias SET reason = NULL WHERE lead_id = ANY($1) OR alias_lead_id = ANY($1)",
            "UPDATE lead SET referrer_lead_id = NULL WHERE referrer_lead_id = ANY($1)",
            "UPDATE lead SET email = NULL, name = NULL, company = NULL, job_role = NULL, referrer_lead_id = NULL,"
                    + " consent_contact = FALSE, erased_at = $2 WHERE lead_id = ANY($1)");

    /**
     * The lead ids of the person a lead id or an email names, the lead everything was merged into first, locked; empty
     * for an unknown or erased person.
     */
    public Uni<List<Erasure.Subject>> personForUpdate(SqlClient tx, UUID leadId, String email) {
        // The root first, locked; then its leads in a statement of its own, which sees a merge into the root that
        // committed while this waited for the lock.
        return tx.preparedQuery("SELECT lead_id FROM lead WHERE lead_id = (SELECT coalesce(merged_into, lead_id) FROM lead"
                        + " WHERE " + (leadId != null ? "lead_id = $1" : "email = $1") + " AND erased_at IS NULL)"
                        + " FOR UPDATE")
                .execute(Tuple.of(leadId != null ? leadId : email))
                .flatMap(roots -> {
                    if (!roots.iterator().hasNext()) {
                        return Uni.createFrom().item(List.<Erasure.Subject>of());
                    }
                    UUID root = roots.iterator().next().getUUID("lead_id");
                    return tx.preparedQuery("SELECT lead_id, stage, seq FROM lead WHERE erased_at IS NULL"
                                    + " AND (lead_id = $1 OR merged_into = $1) ORDER BY merged_into NULLS FIRST, lead_id"
                                    + " FOR UPDATE")
                            .execute(Tuple.of(root)).map(ErasureRepository::subjects);
                });
    }

    /** The same, not locked: whom an export is about. */
    public Uni<List<Erasure.Subject>> person(SqlClient client, UUID leadId, String email) {
        return client.preparedQuery(person(leadId != null)).execute(Tuple.of(leadId != null ? leadId : email))
                .map(ErasureRepository::subjects);
    }

    private static String person(boolean byLeadId) {
        return "WITH root AS (SELECT coalesce(merged_into, lead_id) AS id FROM lead WHERE "
                + (byLeadId ? "lead_id = $1" : "email = $1") + " AND erased_at IS NULL)"
                + " SELECT lead_id, stage, seq FROM lead WHERE erased_at IS NULL AND (lead_id IN (SELECT id FROM root)"
                + " OR merged_into IN (SELECT id FROM root)) ORDER BY merged_into NULLS FIRST, lead_id";
    }

    private static List<Erasure.Subject> subjects(RowSet<Row> rows) {
        List<Erasure.Subject> subjects = new ArrayList<>();
        rows.forEach(row -> subjects.add(new Erasure.Subject(row.getUUID("lead_id"),
                Stage.valueOf(row.getString("stage")), row.getLong("seq"))));
        return subjects;
    }

    /** The erasure that erased a lead, if any. */
    public Uni<UUID> erasureOf(SqlClient client, UUID leadId) {
        return client.preparedQuery("SELECT erasure_id FROM erasure WHERE $1 = ANY(lead_ids)")
                .execute(Tuple.of(leadId))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getUUID("erasure_id") : null);
    }

    /** Erases marketing's data of the person's leads; their ids, stages and times stay. */
    public Uni<Void> erase(SqlClient tx, List<UUID> leadIds, Instant at) {
        UUID[] ids = leadIds.toArray(UUID[]::new);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String statement : ERASE) {
            chain = chain.flatMap(v -> tx.preparedQuery(statement)
                    .execute(statement.contains("$2") ? Tuple.of(ids, utc(at)) : Tuple.of((Object) ids))
                    .replaceWithVoid());
        }
        return chain;
    }

    public Uni<Void> insert(SqlClient tx, UUID erasureId, List<UUID> leadIds, String requestedBy, Instant at) {
        return tx.preparedQuery("INSERT INTO erasure (erasure_id, lead_ids, requested_by, requested_at)"
                        + " VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of(erasureId, leadIds.toArray(UUID[]::new), requestedBy, utc(at)))
                .replaceWithVoid();
    }

    /**
     * Records a service's confirmation (again: nothing) and completes the erasure once every one is in; true when this
     * one completed it. The erasure row is locked first, so that two last confirmations cannot both miss it.
     */
    public Uni<Boolean> confirm(SqlClient tx, UUID erasureId, UUID leadId, String service, Instant at, int services) {
        return tx.preparedQuery("SELECT 1 FROM erasure WHERE erasure_id = $1 FOR UPDATE").execute(Tuple.of(erasureId))
                .flatMap(found -> !found.iterator().hasNext() ? Uni.createFrom().item(false)
                        : tx.preparedQuery("INSERT INTO erasure_confirmation (erasure_id, lead_id, service,"
                                        + " confirmed_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
                                .execute(Tuple.of(erasureId, leadId, service, utc(at)))
                                .flatMap(v -> tx.preparedQuery("UPDATE erasure e SET completed_at = $2"
                                                + " WHERE erasure_id = $1 AND completed_at IS NULL"
                                                + " AND (SELECT count(*) FROM erasure_confirmation c"
                                                + " WHERE c.erasure_id = e.erasure_id) >= cardinality(e.lead_ids) * $3")
                                        .execute(Tuple.of(erasureId, utc(at), services)))
                                .map(updated -> updated.rowCount() == 1));
    }

    /**
     * Once complete: the person's engagement again, for a row an ingestion that read the device's lead before the
     * erasure committed after it.
     */
    public Uni<Void> sweep(SqlClient tx, UUID erasureId) {
        return tx.preparedQuery("DELETE FROM engagement e USING erasure r WHERE r.erasure_id = $1"
                        + " AND e.lead_id = ANY(r.lead_ids)")
                .execute(Tuple.of(erasureId)).replaceWithVoid();
    }

    public Uni<Erasure> find(SqlClient client, UUID erasureId) {
        return client.preparedQuery("SELECT e.erasure_id, e.lead_ids, e.requested_by, e.requested_at, e.completed_at,"
                        + " c.service, c.lead_id FROM erasure e LEFT JOIN erasure_confirmation c"
                        + " ON c.erasure_id = e.erasure_id WHERE e.erasure_id = $1")
                .execute(Tuple.of(erasureId))
                .map(rows -> {
                    Erasure found = null;
                    Map<String, List<UUID>> confirmations = new HashMap<>();
                    for (Row row : rows) {
                        if (found == null) {
                            found = new Erasure(row.getUUID("erasure_id"),
                                    Arrays.asList(row.getArrayOfUUIDs("lead_ids")), row.getString("requested_by"),
                                    instant(row.getOffsetDateTime("requested_at")),
                                    instant(row.getOffsetDateTime("completed_at")), confirmations);
                        }
                        if (row.getString("service") != null) {
                            confirmations.computeIfAbsent(row.getString("service"), s -> new ArrayList<>())
                                    .add(row.getUUID("lead_id"));
                        }
                    }
                    return found;
                });
    }
}
