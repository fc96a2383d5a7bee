package dev.baton.handoff.rebuild.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** What this service's outbox still holds for a topic (events committed, not published yet). */
@ApplicationScoped
public class OutboxBacklogRepository {

    public Uni<Long> pending(SqlClient client, String topic) {
        return client.preparedQuery("SELECT count(*) AS pending FROM outbox WHERE topic = $1")
                .execute(Tuple.of(topic))
                .map(rows -> rows.iterator().next().getLong("pending"));
    }
}
