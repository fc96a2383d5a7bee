package dev.baton.platform.inbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The processed-event record of an idempotent consumer. Record the event id in the transaction of its effect: if the
 * id is already there, the event was applied before and the effect must be skipped.
 */
@ApplicationScoped
public class Inbox {

    /** {@code true} the first time this event id is seen in this database; {@code false} for a redelivery. */
    public Uni<Boolean> firstDelivery(SqlClient transaction, String eventId, String eventType) {
        return transaction.preparedQuery(
                        "INSERT INTO processed_event (event_id, event_type) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(eventId, eventType))
                .map(result -> result.rowCount() == 1);
    }
}
