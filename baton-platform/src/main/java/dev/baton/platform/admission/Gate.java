package dev.baton.platform.admission;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * At most {@code permits} pieces of work running, at most {@code maxWaiting} more waiting for a turn (without a
 * connection), oldest first; past that one is refused at once ({@link Admission.Overloaded}). Bulk ingestion's lanes
 * and the bounded reads both run through one. A waiting one starts on its own request's context, never on
 * the one whose end gave it the turn. A running one keeps its place until it ends, even if its caller goes away
 * (the query goes on in PostgreSQL); one that never started gives it back at once.
 */
final class Gate {
    private final String kind;
    private final int permits;
    private final int maxWaiting;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final Queue<CompletableFuture<Void>> turns = new ConcurrentLinkedQueue<>();
    private final LongAdder refused = new LongAdder();

    Gate(String kind, int permits, int maxWaiting) {
        this.kind = kind;
        this.permits = permits;
        this.maxWaiting = maxWaiting;
    }

    <T> Uni<T> through(Supplier<Uni<T>> read) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            CompletableFuture<Void> turn = new CompletableFuture<>();
            if (!enter(turn)) {
                refused.increment();
                return Uni.createFrom().failure(new Admission.Overloaded(permits + " " + kind
                        + " are running and " + maxWaiting + " waiting, as many as allowed", 1));
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

    /** Runs the work, giving its place back when it ends; a copy of its result, so that a caller cannot cancel it. */
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

    /** Gives free places to the waiting ones, oldest first. */
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

    /** Refused so far. */
    long refused() {
        return refused.sum();
    }
}
