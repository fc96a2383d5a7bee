package dev.baton.handoff.assignment.persistence;

import dev.baton.handoff.assignment.domain.RepView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.baton.platform.time.Timestamps.instant;
import static dev.baton.platform.time.Timestamps.utc;

/** SQL of the {@code rep} table: the configured directory with each rep's round-robin position. */
@ApplicationScoped
public class RepRepository {

    /** Advisory lock key: "baton-assign" as a number. */
    private static final long LOCK_KEY = 0x626174617373676EL;

    /** Marks every rep unlisted, before the configured ones are listed again by {@link #list}. */
    public Uni<Void> unlistAll(SqlClient tx) {
        return tx.query("UPDATE rep SET listed = FALSE").execute().replaceWithVoid();
    }

    /** Lists (or updates) one configured rep, keeping their round-robin position. */
    public Uni<Void> list(SqlClient tx, String repId, String teamId, boolean available, String[] territories,
            Integer capacity) {
        Tuple row = Tuple.of(repId, teamId, available, territories).addValue(capacity);
        return tx.preparedQuery("INSERT INTO rep (rep_id, team_id, available, territories,"
                        + " capacity, listed) VALUES ($1, $2, $3, $4, $5, TRUE) ON CONFLICT (rep_id) DO UPDATE SET"
                        + " team_id = EXCLUDED.team_id, available = EXCLUDED.available,"
                        + " territories = EXCLUDED.territories, capacity = EXCLUDED.capacity, listed = TRUE")
                .execute(row).replaceWithVoid();
    }

    /**
     * Serialises choices until the end of the transaction (advisory lock), so two concurrent handoffs (or replicas)
     * cannot both take a rep's last slot.
     */
    public Uni<Void> lockChoices(SqlClient tx) {
        return tx.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(LOCK_KEY)).replaceWithVoid();
    }

    /** The rep was given a lead at {@code at}: they go to the end of the round robin. */
    public Uni<Void> assigned(SqlClient tx, String repId, Instant at) {
        return tx.preparedQuery("UPDATE rep SET last_assigned_at = $2, assigned_count = assigned_count + 1"
                        + " WHERE rep_id = $1")
                .execute(Tuple.of(repId, utc(at))).replaceWithVoid();
    }

    /**
     * Every listed rep, least recently assigned first, with their open handoffs; {@code defaultCapacity} for those
     * without a capacity of their own.
     */
    public Uni<List<RepView>> directory(SqlClient client, Integer defaultCapacity) {
        return client.preparedQuery("SELECT r.rep_id, r.team_id, r.available, r.territories, r.capacity,"
                        + " r.last_assigned_at, (SELECT count(*) FROM lead_ownership o"
                        + " WHERE o.rep_id = r.rep_id AND o.status = 'HANDED_OFF') AS open_handoffs"
                        + " FROM rep r WHERE r.listed ORDER BY r.last_assigned_at NULLS FIRST, r.rep_id")
                .execute()
                .map(rows -> {
                    List<RepView> reps = new ArrayList<>();
                    for (Row row : rows) {
                        Integer capacity = row.getInteger("capacity");
                        String[] territories = row.getArrayOfStrings("territories");
                        OffsetDateTime last = row.getOffsetDateTime("last_assigned_at");
                        reps.add(new RepView(row.getString("rep_id"), row.getString("team_id"),
                                Boolean.TRUE.equals(row.getBoolean("available")),
                                territories == null ? List.of() : Arrays.asList(territories),
                                capacity != null ? capacity : defaultCapacity,
                                row.getLong("open_handoffs"), instant(last)));
                    }
                    return reps;
                });
    }
}
