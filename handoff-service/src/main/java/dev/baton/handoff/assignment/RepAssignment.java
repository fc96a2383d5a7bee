package dev.baton.handoff.assignment;

import dev.baton.platform.security.TeamConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Chooses the rep a qualified lead goes to: round robin over the available reps (the one assigned least recently).
 * The rep directory is seeded from configuration at start.
 */
@ApplicationScoped
public class RepAssignment {

    private final Pool pool;
    private final TeamConfig config;

    public RepAssignment(Pool pool, TeamConfig config) {
        this.pool = pool;
        this.config = config;
    }

    void seed(@Observes StartupEvent event) {
        for (Map.Entry<String, TeamConfig.Rep> rep : config.reps().entrySet()) {
            pool.preparedQuery("INSERT INTO rep (rep_id, team_id, available) VALUES ($1, $2, $3)"
                            + " ON CONFLICT (rep_id) DO UPDATE SET team_id = EXCLUDED.team_id, available = EXCLUDED.available")
                    .execute(Tuple.of(rep.getKey(), rep.getValue().team(), rep.getValue().available()))
                    .await().atMost(Duration.ofSeconds(30));
        }
    }

    /** The chosen rep, locked for this transaction, or null when nobody is available. */
    public Uni<Assignee> next(SqlClient tx, Instant at) {
        return tx.preparedQuery("SELECT rep_id, team_id FROM rep WHERE available"
                        + " ORDER BY last_assigned_at NULLS FIRST, rep_id LIMIT 1 FOR UPDATE")
                .execute()
                .flatMap(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().nullItem();
                    }
                    var row = rows.iterator().next();
                    Assignee assignee = new Assignee(row.getString("rep_id"), row.getString("team_id"));
                    return tx.preparedQuery("UPDATE rep SET last_assigned_at = $2, assigned_count = assigned_count + 1,"
                                    + " open_handoffs = open_handoffs + 1 WHERE rep_id = $1")
                            .execute(Tuple.of(assignee.repId(), at.atOffset(ZoneOffset.UTC)))
                            .replaceWith(assignee);
                });
    }

    /** The rep no longer holds this handoff open (accepted, rejected or reassigned). */
    public Uni<Void> release(SqlClient tx, String repId) {
        return tx.preparedQuery("UPDATE rep SET open_handoffs = GREATEST(open_handoffs - 1, 0) WHERE rep_id = $1")
                .execute(Tuple.of(repId)).replaceWithVoid();
    }

    public record Assignee(String repId, String teamId) {
    }
}
