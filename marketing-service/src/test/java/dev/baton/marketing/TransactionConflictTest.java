package dev.baton.marketing;

import dev.baton.platform.outbox.Transactions;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A transaction PostgreSQL ends as a deadlock victim is rolled back and run again, so two requests that lock the same
 * rows in opposite orders both succeed, each applied once; other failures are not run again. Real deadlocks between
 * two commits on a probe table, and SQLSTATEs raised by PL/pgSQL for the bound.
 */
@QuarkusTest
@MarketingTestResource
class TransactionConflictTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Transactions transactions;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry registry;

    private int first;
    private int second;

    @BeforeEach
    void probeRows() {
        // Created by the service's own role, which the transactions write with.
        pool.query("CREATE TABLE IF NOT EXISTS transaction_conflict_probe (id INT PRIMARY KEY, touched INT NOT NULL)")
                .execute().await().atMost(WAIT);
        first = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE / 2) * 2;
        second = first + 1;
        pool.preparedQuery("INSERT INTO transaction_conflict_probe (id, touched) VALUES ($1, 0), ($2, 0)")
                .execute(Tuple.of(first, second)).await().atMost(WAIT);
    }

    @Test
    void twoTransactionsLockingInOppositeOrdersBothCommitOnce() {
        double conflictsBefore = conflicts();
        CompletableFuture<Void> bothHoldTheirFirstRow = new CompletableFuture<>();
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger attemptsOne = new AtomicInteger();
        AtomicInteger attemptsTwo = new AtomicInteger();

        Uni<Void> one = transactions.commit(tx -> lockBoth(tx, first, second, attemptsOne, holding, bothHoldTheirFirstRow));
        Uni<Void> two = transactions.commit(tx -> lockBoth(tx, second, first, attemptsTwo, holding, bothHoldTheirFirstRow));
        Uni.combine().all().unis(one, two).discardItems().await().atMost(WAIT);

        // Each work's increments are there once: the victim's first attempt was rolled back whole.
        assertThat(touched(first)).isEqualTo(2);
        assertThat(touched(second)).isEqualTo(2);
        assertThat(attemptsOne.get() + attemptsTwo.get()).isEqualTo(3);
        assertThat(conflicts() - conflictsBefore).isEqualTo(1.0);
    }

    @Test
    void aSerializationFailureIsRunAgainUntilItCommits() {
        AtomicInteger attempts = new AtomicInteger();
        Integer answer = transactions.commit(tx -> touch(tx, first).flatMap(v -> attempts.incrementAndGet() == 1
                ? raise(tx, "40001") : Uni.createFrom().item(attempts.get()))).await().atMost(WAIT);

        assertThat(answer).isEqualTo(2);
        assertThat(touched(first)).isEqualTo(1);
    }

    @Test
    void aDeadlockEveryTimeFailsAfterThreeAttemptsWithNothingWritten() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> transactions.commit(tx -> touch(tx, first).invoke(attempts::incrementAndGet)
                .flatMap(v -> raise(tx, "40P01"))).await().atMost(WAIT))
                .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.getSqlState()).isEqualTo("40P01"));

        assertThat(attempts.get()).isEqualTo(3);
        assertThat(touched(first)).isZero();
    }

    @Test
    void otherFailuresAreNotRunAgain() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> transactions.commit(tx -> touch(tx, first).invoke(attempts::incrementAndGet)
                .flatMap(v -> tx.preparedQuery("INSERT INTO transaction_conflict_probe (id, touched) VALUES ($1, 0)")
                        .execute(Tuple.of(second)))).await().atMost(WAIT))
                .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.getSqlState()).isEqualTo("23505"));

        assertThat(attempts.get()).isEqualTo(1);
        assertThat(touched(first)).isZero();
    }

    /** Locks its first row, waits until the other transaction holds its own first row, then locks its second. */
    private static Uni<Void> lockBoth(SqlConnection tx, int from, int to, AtomicInteger attempts, AtomicInteger holding,
            CompletableFuture<Void> bothHold) {
        attempts.incrementAndGet();
        return touch(tx, from)
                .invoke(() -> {
                    if (holding.incrementAndGet() == 2) {
                        bothHold.complete(null);
                    }
                })
                .flatMap(v -> Uni.createFrom().completionStage(bothHold))
                .flatMap(v -> touch(tx, to));
    }

    private static Uni<Void> touch(SqlConnection tx, int id) {
        return tx.preparedQuery("UPDATE transaction_conflict_probe SET touched = touched + 1 WHERE id = $1")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    private static <T> Uni<T> raise(SqlConnection tx, String sqlState) {
        return tx.query("DO $$ BEGIN RAISE EXCEPTION 'probe' USING ERRCODE = '" + sqlState + "'; END $$").execute()
                .replaceWith(Uni.createFrom().<T>nullItem());
    }

    private int touched(int id) {
        return pool.preparedQuery("SELECT touched FROM transaction_conflict_probe WHERE id = $1").execute(Tuple.of(id))
                .await().atMost(WAIT).iterator().next().getInteger(0);
    }

    private double conflicts() {
        return registry.counter("baton.transactions.conflicts").count();
    }
}
