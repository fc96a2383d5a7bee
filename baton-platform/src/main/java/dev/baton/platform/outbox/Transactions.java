package dev.baton.platform.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Function;

/**
 * The one way a service changes state: the work runs in one transaction, writing its rows and appending its events to
 * the {@link Outbox} with the same connection; once the transaction commits, the relay is woken to publish them now.
 */
@ApplicationScoped
public class Transactions {

    private final Pool pool;
    private final OutboxRelay relay;

    public Transactions(Pool pool, OutboxRelay relay) {
        this.pool = pool;
        this.relay = relay;
    }

    /** Runs the work in a transaction; after the commit (not after a rollback) the relay publishes what it appended. */
    public <T> Uni<T> commit(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work).invoke(relay::wakeUp);
    }
}
