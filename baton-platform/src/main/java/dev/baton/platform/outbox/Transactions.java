package dev.baton.platform.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The one way a service changes state: the work runs in one transaction, writing its rows and appending its events to
 * the {@link Outbox} with the same connection; once the transaction commits, the relay is woken to publish them now.
 */
@ApplicationScoped
public class Transactions {

    private final Pool pool;
    private final Outbox outbox;
    private final OutboxRelay relay;

    public Transactions(Pool pool, Outbox outbox, OutboxRelay relay) {
        this.pool = pool;
        this.outbox = outbox;
        this.relay = relay;
    }

    /**
     * Runs the work in a transaction; after a commit in which it appended events (not after a rollback, nor after a
     * commit that wrote none, such as an idle poll) the relay publishes them at once.
     */
    public <T> Uni<T> commit(Function<SqlConnection, Uni<T>> work) {
        AtomicReference<SqlConnection> connection = new AtomicReference<>();
        return pool.withTransaction(tx -> {
                    connection.set(tx);
                    return work.apply(tx);
                })
                .invoke(() -> {
                    if (outbox.appendedIn(connection.get())) {
                        relay.wakeUp();
                    }
                })
                .onTermination().invoke(() -> outbox.forget(connection.get()));
    }
}
