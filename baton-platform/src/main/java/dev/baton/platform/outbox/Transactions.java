package dev.baton.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The one way a service changes state: the work runs in one transaction, writing its rows and appending its events to
 * the {@link Outbox} with the same connection; once the transaction commits, the relay is woken to publish them now.
 *
 * <p>A transaction PostgreSQL ends as a deadlock victim or a serialization failure is rolled back whole and run again
 * (at most {@link #ATTEMPTS} times): the work must therefore be re-runnable, building everything it writes inside the
 * function from what it reads in the transaction.
 */
@ApplicationScoped
public class Transactions {

    /** Deadlocks need two lockers in a cycle; a third loss in a row means something else is wrong. */
    static final int ATTEMPTS = 3;

    private final Pool pool;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final Counter conflicts;

    public Transactions(Pool pool, Outbox outbox, OutboxRelay relay, MeterRegistry registry) {
        this.pool = pool;
        this.outbox = outbox;
        this.relay = relay;
        this.conflicts = Counter.builder("baton.transactions.conflicts")
                .description("Transactions ended as deadlock victim or serialization failure (3 attempts in all)")
                .register(registry);
    }

    /**
     * Runs the work in a transaction; after a commit in which it appended events (not after a rollback, nor after a
     * commit that wrote none, such as an idle poll) the relay publishes them at once.
     */
    public <T> Uni<T> commit(Function<SqlConnection, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> attempt(work))
                .onFailure(Transactions::conflicted).invoke(() -> conflicts.increment())
                // At once, on the same context (the request's): the winner holds the locks, the retry waits behind it.
                .onFailure(Transactions::conflicted).retry().atMost(ATTEMPTS - 1);
    }

    private <T> Uni<T> attempt(Function<SqlConnection, Uni<T>> work) {
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

    /**
     * Deadlock victim (40P01) or serialization failure (40001): the same work succeeds once the other side is done. Not
     * a lost connection, after which the commit may have happened.
     */
    static boolean conflicted(Throwable failure) {
        return failure instanceof PgException pg
                && ("40P01".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState()));
    }
}
