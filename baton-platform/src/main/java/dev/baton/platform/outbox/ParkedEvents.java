package dev.baton.platform.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Events the broker will never accept, set aside with their error instead of blocking the relay, and the later events of
 * the same key held behind them (a lead's events keep their order). Ops retry or discard them; only the relay's leader
 * moves a key's events back to the outbox ({@link #moveReleased}), before it reads the outbox, so none of them can be
 * overtaken by a later event of its key.
 */
@ApplicationScoped
public class ParkedEvents {

    public enum State { REFUSED, HELD, RELEASED }

    /** An event to set aside: its record as the outbox keeps it (with its outbox id, null for a feed's), and why. */
    public record Parking(Long outboxId, UUID eventId, String topic, String key, JsonObject headers, String payload,
            State state, String error) {
    }

    /** A parked event as ops see it (the payload is left out: it may hold personal data). */
    public record Parked(long id, UUID eventId, String topic, String key, State state, String error, int payloadBytes,
            OffsetDateTime parkedAt) {
    }

    /** Every event of a key with no refused event left goes back to the outbox, in its first place. */
    private static final String MOVE_RELEASED = "WITH moved AS (DELETE FROM parked_event p WHERE NOT EXISTS"
            + " (SELECT 1 FROM parked_event r WHERE r.message_key = p.message_key AND r.state = 'REFUSED')"
            + " RETURNING id, outbox_id, event_id, topic, message_key, headers, payload)"
            + " INSERT INTO outbox (id, event_id, topic, message_key, headers, payload)"
            + " SELECT COALESCE(outbox_id, nextval(pg_get_serial_sequence('outbox', 'id'))), event_id, topic, message_key,"
            + " headers, payload FROM (SELECT * FROM moved ORDER BY id) m ON CONFLICT (event_id) DO NOTHING";
    /** Retry and discard of one key run one at a time (two discards would each see the other's refused event). */
    private static final String LOCK_KEY = "SELECT pg_advisory_xact_lock(hashtext('baton.parked.' || $1))";

    private final Pool pool;

    public ParkedEvents(Pool pool) {
        this.pool = pool;
    }

    /** Those of these keys that have parked events: their later events must wait behind them. */
    public Uni<Set<String>> heldKeys(Set<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(new HashSet<>());
        }
        return pool.preparedQuery("SELECT DISTINCT message_key FROM parked_event WHERE message_key = ANY($1)")
                .execute(Tuple.of(keys.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> held = new HashSet<>();
                    rows.forEach(row -> held.add(row.getString(0)));
                    return held;
                });
    }

    /** Parks events within the caller's transaction; an event parked before (a round repeated) is not parked twice. */
    public Uni<Void> park(SqlClient tx, List<Parking> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(events.size());
        for (Parking e : events) {
            rows.add(Tuple.tuple(java.util.Arrays.asList(e.outboxId(), e.eventId(), e.topic(), e.key(), e.headers(),
                    e.payload(), e.state().name(), e.error())));
        }
        return tx.preparedQuery("INSERT INTO parked_event (outbox_id, event_id, topic, message_key, headers, payload,"
                        + " state, error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (event_id) DO NOTHING")
                .executeBatch(rows).replaceWithVoid();
    }

    public Uni<List<Parked>> list(int limit) {
        return pool.preparedQuery("SELECT id, event_id, topic, message_key, state, error, octet_length(payload) AS bytes,"
                        + " parked_at FROM parked_event ORDER BY id LIMIT $1")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<Parked> parked = new ArrayList<>();
                    for (Row row : rows) {
                        parked.add(new Parked(row.getLong("id"), row.getUUID("event_id"), row.getString("topic"),
                                row.getString("message_key"), State.valueOf(row.getString("state")),
                                row.getString("error"), row.getInteger("bytes"), row.getOffsetDateTime("parked_at")));
                    }
                    return parked;
                });
    }

    public Uni<Long> count() {
        return pool.query("SELECT count(*) FROM parked_event").execute().map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * Publishes the parked event's key again: its events are released, and the relay's leader moves them back to the
     * outbox, in order, at its next round. {@code false} when there is no such parked event.
     */
    public Uni<Boolean> retry(long id) {
        return pool.withTransaction(tx -> keyOf(tx, id).flatMap(key -> key == null
                ? Uni.createFrom().item(false)
                : tx.preparedQuery(LOCK_KEY).execute(Tuple.of(key))
                        .flatMap(r -> tx.preparedQuery("UPDATE parked_event SET state = 'RELEASED' WHERE message_key = $1"
                                + " AND state = 'REFUSED'").execute(Tuple.of(key)))
                        .replaceWith(true)));
    }

    /**
     * Drops a parked event for good; once its key has no refused event left, the events held behind it go back to the
     * outbox at the leader's next round. {@code false} when there is no such parked event.
     */
    public Uni<Boolean> discard(long id) {
        return pool.withTransaction(tx -> keyOf(tx, id).flatMap(key -> key == null
                ? Uni.createFrom().item(false)
                : tx.preparedQuery(LOCK_KEY).execute(Tuple.of(key))
                        .flatMap(r -> tx.preparedQuery("DELETE FROM parked_event WHERE id = $1").execute(Tuple.of(id)))
                        .map(r -> r.rowCount() > 0)));
    }

    /**
     * The leader's part: moves the events of every key with no refused event left back to the outbox, under their
     * first outbox ids. Called before the leader reads the outbox, so they are published before their key's later
     * events.
     */
    public Uni<Integer> moveReleased() {
        return pool.query(MOVE_RELEASED).execute().map(rows -> rows.rowCount());
    }

    private static Uni<String> keyOf(SqlClient tx, long id) {
        return tx.preparedQuery("SELECT message_key FROM parked_event WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? null : rows.iterator().next().getString(0));
    }
}
