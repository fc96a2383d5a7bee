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
 * the same key held behind them (a lead's events keep their order). Ops retry or discard them; either releases the held
 * ones back to the outbox, in order.
 */
@ApplicationScoped
public class ParkedEvents {

    public enum State { REFUSED, HELD }

    /** An event to set aside: its record as the outbox keeps it, and why. */
    public record Parking(UUID eventId, String topic, String key, JsonObject headers, String payload, State state,
            String error) {
    }

    /** A parked event as ops see it (the payload is left out: it may hold personal data). */
    public record Parked(long id, UUID eventId, String topic, String key, State state, String error, int payloadBytes,
            OffsetDateTime parkedAt) {
    }

    private static final String COPY_TO_OUTBOX = "INSERT INTO outbox (event_id, topic, message_key, headers, payload)"
            + " SELECT event_id, topic, message_key, headers, payload FROM parked_event WHERE message_key = $1 ORDER BY id";

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
            rows.add(Tuple.tuple(List.of(e.eventId(), e.topic(), e.key(), e.headers(), e.payload(), e.state().name(),
                    e.error())));
        }
        return tx.preparedQuery("INSERT INTO parked_event (event_id, topic, message_key, headers, payload, state, error)"
                        + " SELECT $1, $2, $3, $4, $5, $6, $7"
                        + " WHERE NOT EXISTS (SELECT 1 FROM parked_event WHERE event_id = $1)")
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
     * Publishes again the parked event's key: all its parked events go back to the outbox, in order. {@code false}
     * when there is no such parked event.
     */
    public Uni<Boolean> retry(long id) {
        return pool.withTransaction(tx -> keyOf(tx, id).flatMap(key -> key == null
                ? Uni.createFrom().item(false)
                : tx.preparedQuery(COPY_TO_OUTBOX).execute(Tuple.of(key))
                        .flatMap(r -> tx.preparedQuery("DELETE FROM parked_event WHERE message_key = $1").execute(Tuple.of(key)))
                        .replaceWith(true)));
    }

    /**
     * Drops a parked event for good; once its key has no refused event left, the events held behind it go back to the
     * outbox, in order. {@code false} when there is no such parked event.
     */
    public Uni<Boolean> discard(long id) {
        return pool.withTransaction(tx -> tx.preparedQuery("DELETE FROM parked_event WHERE id = $1 RETURNING message_key")
                .execute(Tuple.of(id))
                .flatMap(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    String key = rows.iterator().next().getString(0);
                    return releaseIfNothingRefused(tx, key).replaceWith(true);
                }));
    }

    private Uni<Void> releaseIfNothingRefused(SqlClient tx, String key) {
        return tx.preparedQuery("SELECT 1 FROM parked_event WHERE message_key = $1 AND state = 'REFUSED' LIMIT 1")
                .execute(Tuple.of(key))
                .flatMap(refused -> refused.rowCount() > 0 ? Uni.createFrom().voidItem()
                        : tx.preparedQuery(COPY_TO_OUTBOX).execute(Tuple.of(key))
                        .flatMap(r -> tx.preparedQuery("DELETE FROM parked_event WHERE message_key = $1").execute(Tuple.of(key)))
                        .replaceWithVoid());
    }

    private static Uni<String> keyOf(SqlClient tx, long id) {
        return tx.preparedQuery("SELECT message_key FROM parked_event WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? null : rows.iterator().next().getString(0));
    }
}
