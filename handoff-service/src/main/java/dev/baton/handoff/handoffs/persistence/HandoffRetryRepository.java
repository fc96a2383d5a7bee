package dev.baton.handoff.handoffs.persistence;

import dev.baton.handoff.handoffs.domain.Waiting;
import dev.baton.handoff.ownership.domain.Ownership;
import dev.baton.handoff.ownership.persistence.OwnershipRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.baton.platform.time.Timestamps.instant;
import static dev.baton.platform.time.Timestamps.utc;

/**
 * SQL of the handoffs waiting for a rep ({@code handoff_retry}). A row is a live wait only while the lead's registry
 * row is still at the sequence the refusal left it at: anything that moved the lead since ends the wait, so the list
 * and the count only show those, and the retrier drops the others when it meets them.
 */
@ApplicationScoped
public class HandoffRetryRepository {

    /** A wait's columns; with the registry's in one row, so {@code seq} is the wait's as {@code wait_seq}. */
    private static final String COLUMNS = "r.lead_id, r.seq AS wait_seq, r.causation_id, r.referring_rep_id,"
            + " r.reason_code, r.attempts, r.waiting_since, r.last_attempt_at, r.next_attempt_at, o.country";
    private static final String WAIT_COLUMNS = "r.seq AS wait_seq, r.causation_id, r.referring_rep_id, r.reason_code,"
            + " r.attempts, r.waiting_since, r.last_attempt_at, r.next_attempt_at";
    private static final String OWNERSHIP_COLUMNS = Arrays.stream(OwnershipRepository.COLUMNS.split(",\\s*"))
            .map(c -> "o." + c).collect(Collectors.joining(", "));
    private static final String LIVE = " FROM handoff_retry r JOIN lead_ownership o ON o.lead_id = r.lead_id"
            + " AND o.seq = r.seq";

    /** Starts (or restarts) the lead's wait for a rep. */
    public Uni<Void> startWaiting(SqlClient tx, Waiting w) {
        return tx.preparedQuery("INSERT INTO handoff_retry (lead_id, seq, causation_id, referring_rep_id, reason_code,"
                        + " attempts, waiting_since, last_attempt_at, next_attempt_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (lead_id) DO UPDATE SET"
                        + " seq = EXCLUDED.seq, causation_id = EXCLUDED.causation_id,"
                        + " referring_rep_id = EXCLUDED.referring_rep_id, reason_code = EXCLUDED.reason_code,"
                        + " attempts = EXCLUDED.attempts, waiting_since = EXCLUDED.waiting_since,"
                        + " last_attempt_at = EXCLUDED.last_attempt_at, next_attempt_at = EXCLUDED.next_attempt_at")
                .execute(Tuple.from(new Object[] {w.leadId(), w.seq(), w.causationId(), w.referringRepId(),
                        w.reasonCode(), w.attempts(), utc(w.waitingSince()), utc(w.lastAttemptAt()),
                        utc(w.nextAttemptAt())}))
                .replaceWithVoid();
    }

    /**
     * Claims one wait that is due at {@code now}, with the lead's registry row, both locked for this transaction. Rows
     * another transaction holds (another replica's claim, a consumer applying an event of the lead) are skipped, and
     * nothing here ever waits for a lock, so the retrier and the consumers cannot deadlock.
     */
    public Uni<Due> claimDue(SqlClient tx, Instant now) {
        return tx.preparedQuery("SELECT " + OWNERSHIP_COLUMNS + ", " + WAIT_COLUMNS + " FROM handoff_retry r"
                        + " JOIN lead_ownership o ON o.lead_id = r.lead_id WHERE r.next_attempt_at <= $1"
                        + " ORDER BY r.next_attempt_at LIMIT 1 FOR UPDATE OF r, o SKIP LOCKED")
                .execute(Tuple.of(utc(now)))
                .map(rows -> {
                    var iterator = rows.iterator();
                    if (!iterator.hasNext()) {
                        return null;
                    }
                    Row row = iterator.next();
                    return new Due(waiting(row), OwnershipRepository.ownership(row));
                });
    }

    /** Another attempt found nobody: the next one is due at {@code next}. */
    public Uni<Void> reschedule(SqlClient tx, UUID leadId, int attempts, Instant at, Instant next) {
        return tx.preparedQuery("UPDATE handoff_retry SET attempts = $2, last_attempt_at = $3, next_attempt_at = $4"
                        + " WHERE lead_id = $1")
                .execute(Tuple.of(leadId, attempts, utc(at), utc(next))).replaceWithVoid();
    }

    /** The wait is over (handed off, or the lead moved on). */
    public Uni<Void> end(SqlClient tx, UUID leadId) {
        return tx.preparedQuery("DELETE FROM handoff_retry WHERE lead_id = $1").execute(Tuple.of(leadId))
                .replaceWithVoid();
    }

    /** Makes the lead's wait (if it waits) due now: something it depends on changed. */
    public Uni<Void> dueNow(SqlClient tx, UUID leadId, Instant now) {
        return tx.preparedQuery("UPDATE handoff_retry SET next_attempt_at = $2 WHERE lead_id = $1 AND next_attempt_at > $2")
                .execute(Tuple.of(leadId, utc(now))).replaceWithVoid();
    }

    /** Makes every wait due now: the rep directory may have changed (it changes with a restart). */
    public Uni<Integer> dueNow(SqlClient client, Instant now) {
        return client.preparedQuery("UPDATE handoff_retry SET next_attempt_at = $1 WHERE next_attempt_at > $1")
                .execute(Tuple.of(utc(now))).map(rows -> rows.rowCount());
    }

    /** Leads waiting for a rep, the longest waiting first, after the one a previous page ended with (if any). */
    public Uni<List<Waiting>> page(SqlClient client, Instant afterWaitingSince, UUID afterLead, int limit) {
        String after = afterWaitingSince == null ? "" : " WHERE (r.waiting_since, r.lead_id) > ($2, $3)";
        Tuple args = afterWaitingSince == null ? Tuple.of(limit) : Tuple.of(limit, utc(afterWaitingSince), afterLead);
        return client.preparedQuery("SELECT " + COLUMNS + LIVE + after + " ORDER BY r.waiting_since, r.lead_id LIMIT $1")
                .execute(args).map(rows -> {
                    List<Waiting> page = new ArrayList<>();
                    rows.forEach(row -> page.add(waiting(row)));
                    return page;
                });
    }

    /** How many leads wait for a rep. */
    public Uni<Long> count(SqlClient client) {
        return client.preparedQuery("SELECT count(*) AS n" + LIVE).execute()
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    private static Waiting waiting(Row row) {
        return new Waiting(row.getUUID("lead_id"), row.getLong("wait_seq"), row.getString("causation_id"),
                row.getString("referring_rep_id"), row.getString("reason_code"), row.getInteger("attempts"),
                instant(row.getOffsetDateTime("waiting_since")), instant(row.getOffsetDateTime("last_attempt_at")),
                instant(row.getOffsetDateTime("next_attempt_at")), row.getString("country"));
    }

    /** A due wait and its lead's registry row, both locked. */
    public record Due(Waiting waiting, Ownership ownership) {
    }
}
