package dev.baton.platform.outbox;

import dev.baton.contract.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes events into the outbox table. Call it with the connection of the transaction that makes the state change:
 * the events then exist if and only if the change was committed. {@link OutboxRelay} publishes them.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = "INSERT INTO outbox (event_id, topic, message_key, headers, payload)"
            + " VALUES ($1, $2, $3, $4, $5)";

    private final OutboxRelay relay;

    public Outbox(OutboxRelay relay) {
        this.relay = relay;
    }

    /** Appends events, in order, within the caller's transaction. */
    public Uni<Void> append(SqlClient transaction, List<CloudEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(events.size());
        for (CloudEvent event : events) {
            JsonObject headers = new JsonObject();
            for (Header header : event.kafkaHeaders()) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
            rows.add(Tuple.of(UUID.fromString(event.id()), event.type().topic(), event.subject(), headers, event.data()));
        }
        return transaction.preparedQuery(INSERT).executeBatch(rows).replaceWithVoid();
    }

    public Uni<Void> append(SqlClient transaction, CloudEvent event) {
        return append(transaction, List.of(event));
    }

    /** Tells the relay that a transaction with events has committed, so that it publishes them now. */
    public void committed() {
        relay.wakeUp();
    }
}
