package dev.baton.platform.outbox;

import dev.baton.contract.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;

/**
 * Writes events into the outbox table. Call it with the connection of the transaction that makes the state change:
 * the events then exist if and only if the change was committed ({@link Transactions#commit} runs such a transaction
 * and wakes the relay after it). {@link OutboxRelay} publishes them.
 */
@ApplicationScoped
public class Outbox {

    /** All of a transaction's events in one statement, in the order given (the ids, hence publication, follow it). */
    private static final String INSERT = "INSERT INTO outbox (event_id, topic, message_key, headers, payload)"
            + " SELECT e.event_id, e.topic, e.message_key, e.headers::jsonb, e.payload"
            + " FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY"
            + " AS e(event_id, topic, message_key, headers, payload, n) ORDER BY e.n";

    /** The transactions (their connections) that appended events and are not finished: {@link Transactions} asks. */
    private final Set<SqlClient> withEvents = ConcurrentHashMap.newKeySet();

    /** Appends events, in order, within the caller's transaction. */
    public Uni<Void> append(SqlClient transaction, List<CloudEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        withEvents.add(transaction);
        int n = events.size();
        UUID[] ids = new UUID[n];
        String[] topics = new String[n];
        String[] keys = new String[n];
        String[] headers = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            CloudEvent event = events.get(i);
            JsonObject eventHeaders = new JsonObject();
            for (Header header : event.kafkaHeaders()) {
                eventHeaders.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
            ids[i] = UUID.fromString(event.id());
            topics[i] = event.type().topic();
            keys[i] = event.subject();
            headers[i] = eventHeaders.encode();
            payloads[i] = event.data();
        }
        return transaction.preparedQuery(INSERT).execute(Tuple.of(ids, topics, keys, headers, payloads)).replaceWithVoid();
    }

    public Uni<Void> append(SqlClient transaction, CloudEvent event) {
        return append(transaction, List.of(event));
    }

    /** Records that the transaction wrote rows an {@link EventFeed} publishes, so the relay is woken after its commit. */
    public void wroteFeedRows(SqlClient transaction) {
        withEvents.add(transaction);
    }

    boolean appendedIn(SqlClient transaction) {
        return transaction != null && withEvents.contains(transaction);
    }

    void forget(SqlClient transaction) {
        if (transaction != null) {
            withEvents.remove(transaction);
        }
    }
}
