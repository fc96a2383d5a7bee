package dev.baton.platform.admission;

import dev.baton.platform.BatonConfig;
import dev.baton.platform.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads that clients poll, and reports, bounded so that they cannot take the pool from the writers and consumers:
 * lookups run at most {@code max-lookups} at once, the next ones wait their turn without a connection (past
 * {@code max-waiting-lookups}, 429 with Retry-After); reports run at most {@code max-reports} at once (the next is
 * refused at once), each in a read-only transaction whose statements PostgreSQL cancels after
 * {@code report-timeout} (503).
 */
@ApplicationScoped
public class Reads {

    private final Pool pool;
    private final Gate lookups;
    private final Gate reports;
    private final String setTimeout;

    public Reads(Pool pool, BatonConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.lookups = new Gate("lookup", config.reads().maxLookups(), config.reads().maxWaitingLookups(), registry);
        this.reports = new Gate("report", config.reads().maxReports(), 0, registry);
        this.setTimeout = "SET LOCAL statement_timeout = " + Math.max(1, config.reads().reportTimeout().toMillis());
    }

    /** A read by key (indexed): at most {@code max-lookups} at once, the next ones waiting their turn. */
    public <T> Uni<T> lookup(Function<SqlClient, Uni<T>> read) {
        return lookups.through(() -> read.apply(pool));
    }

    /** A report: at most {@code max-reports} at once, each in a read-only transaction with a statement timeout. */
    public <T> Uni<T> report(Function<SqlClient, Uni<T>> read) {
        return reports.through(() -> pool.withTransaction(tx -> tx.query("SET TRANSACTION READ ONLY").execute()
                        .flatMap(v -> tx.query(setTimeout).execute())
                        .flatMap(v -> read.apply(tx))))
                .onFailure(Reads::cancelled).transform(e -> new ProblemException(503, "report-timed-out",
                        "Service unavailable", "the report took longer than allowed; narrow its filters or try later"));
    }

    /** The statement was cancelled by the statement timeout (57014 query_canceled). */
    static boolean cancelled(Throwable failure) {
        return failure instanceof PgException pg && "57014".equals(pg.getSqlState());
    }

    /**
     * At most {@code permits} reads running, at most {@code maxWaiting} more waiting for a turn (without a connection),
     * oldest first; past that a read is refused at once. A waiting read starts on its own request's context, never on
     * the one whose end gave it the turn. A running read keeps its place until it ends, even if its caller goes away
     * (the query goes on in PostgreSQL); one that never started gives it back at once.
     */
    static final class Gate {
        private final String kind;
        private final int permits;
        private final int maxWaiting;
        private final AtomicInteger running = new AtomicInteger();
        private final AtomicInteger waiting = new AtomicInteger();
        private final Queue<CompletableFuture<Void>> turns = new ConcurrentLinkedQueue<>();
        private final Counter refused;

        Gate(String kind, int permits, int maxWaiting, MeterRegistry registry) {
            this.kind = kind;
            this.permits = permits;
            this.maxWaiting = maxWaiting;
            Gauge.builder("baton.reads.running", running, AtomicInteger::get).tag("kind", kind)
                    .description("Bounded reads running").register(registry);
            Gauge.builder("baton.reads.waiting", waiting, AtomicInteger::get).tag("kind", kind)
                    .description("Bounded reads waiting for their turn").register(registry);
            this.refused = Counter.builder("baton.reads.refused").tag("kind", kind)
                    .description("Reads refused (429) because as many were running and waiting as allowed")
                    .register(registry);
        }

        <T> Uni<T> through(Supplier<Uni<T>> read) {
            return Uni.createFrom().deferred(() -> {
                Context caller = Vertx.currentContext();
                CompletableFuture<Void> turn = new CompletableFuture<>();
                if (!enter(turn)) {
                    refused.increment();
                    return Uni.createFrom().failure(new Admission.Overloaded(permits + " " + kind
                            + " reads are running and " + maxWaiting + " waiting, as many as allowed", 1));
                }
                Uni<Void> myTurn = Uni.createFrom().completionStage(turn);
                if (!turn.isDone() && caller != null) {
                    // The turn is given on the thread of the read that ended: come back to this request's context.
                    myTurn = myTurn.emitOn(task -> caller.runOnContext(v -> task.run()));
                }
                AtomicBoolean started = new AtomicBoolean();
                return myTurn.onItem().transformToUni(v -> started.compareAndSet(false, true)
                                ? Uni.createFrom().completionStage(runToTheEnd(read))
                                : Uni.createFrom().<T>nothing())
                        .onCancellation().invoke(() -> {
                            if (turn.cancel(false)) {
                                turns.remove(turn);
                                waiting.decrementAndGet();
                                handOver();
                            } else if (started.compareAndSet(false, true)) {
                                leave();
                            }
                        });
            });
        }

        /** Runs the read, giving its place back when it ends; a copy of its result, so that a caller cannot cancel it. */
        private <T> CompletableFuture<T> runToTheEnd(Supplier<Uni<T>> read) {
            CompletableFuture<T> copy = new CompletableFuture<>();
            Uni<T> started;
            try {
                started = read.get();
            } catch (RuntimeException e) {
                leave();
                copy.completeExceptionally(e);
                return copy;
            }
            started.onTermination().invoke(this::leave).subscribe().with(copy::complete, copy::completeExceptionally);
            return copy;
        }

        private boolean enter(CompletableFuture<Void> turn) {
            for (int r = running.get(); r < permits && turns.isEmpty(); r = running.get()) {
                if (running.compareAndSet(r, r + 1)) {
                    turn.complete(null);
                    return true;
                }
            }
            if (waiting.incrementAndGet() > maxWaiting) {
                waiting.decrementAndGet();
                return false;
            }
            turns.add(turn);
            handOver();
            return true;
        }

        private void leave() {
            running.decrementAndGet();
            handOver();
        }

        /** Gives free places to waiting reads, oldest first. */
        private void handOver() {
            while (!turns.isEmpty()) {
                int r = running.get();
                if (r >= permits) {
                    return;
                }
                if (!running.compareAndSet(r, r + 1)) {
                    continue;
                }
                CompletableFuture<Void> next = turns.poll();
                if (next != null && next.complete(null)) {
                    waiting.decrementAndGet();
                } else {
                    running.decrementAndGet();
                }
            }
        }

        int running() {
            return running.get();
        }

        int waiting() {
            return waiting.get();
        }
    }
}
