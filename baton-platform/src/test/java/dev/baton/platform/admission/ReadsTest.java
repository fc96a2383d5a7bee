package dev.baton.platform.admission;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link Gate} bulk lanes and bounded reads run through: a place each, a turn to wait for, refused past both; every
 * end gives a place back. And which failure is a report past its time limit.
 */
class ReadsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void pastTheRunningAndWaitingBoundsAReadIsRefusedAtOnceWith429AndRetryAfter() {
        Gate gate = new Gate("reports", 2, 0);
        CompletableFuture<String> slow = new CompletableFuture<>();
        Cancellable one = gate.through(() -> Uni.createFrom().completionStage(slow)).subscribe().with(x -> { });
        Cancellable two = gate.through(() -> Uni.createFrom().completionStage(slow)).subscribe().with(x -> { });

        assertThatThrownBy(() -> gate.through(() -> Uni.createFrom().item("third")).await().atMost(WAIT))
                .isInstanceOfSatisfying(Admission.Overloaded.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));
        assertThat(gate.refused()).isEqualTo(1);

        // Callers that go away do not end their reads (the queries go on): the places stay taken until they end.
        one.cancel();
        two.cancel();
        assertThat(gate.running()).isEqualTo(2);
        slow.complete("done");
        assertThat(gate.running()).isZero();
    }

    @Test
    void aWaitingReadStartsOnItsOwnContextNotOnTheContextOfTheReadThatEnded() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Gate gate = new Gate("lookups", 1, 10);
            // A thread that is not Vert.x's keeps the context it created: one thread for each.
            Context holderContext = vertx.getOrCreateContext();
            ExecutorService other = Executors.newSingleThreadExecutor();
            Context waiterContext = CompletableFuture.supplyAsync(vertx::getOrCreateContext, other).get(5, TimeUnit.SECONDS);
            other.shutdown();
            assertThat(waiterContext).isNotSameAs(holderContext);
            CompletableFuture<String> held = new CompletableFuture<>();
            CompletableFuture<Void> holding = new CompletableFuture<>();
            holderContext.runOnContext(v -> gate.through(() -> {
                holding.complete(null);
                return Uni.createFrom().completionStage(held);
            }).subscribe().with(x -> { }));
            holding.get(5, TimeUnit.SECONDS);

            CompletableFuture<Context> startedOn = new CompletableFuture<>();
            CompletableFuture<String> answer = new CompletableFuture<>();
            CompletableFuture<Void> queued = new CompletableFuture<>();
            waiterContext.runOnContext(v -> {
                gate.through(() -> {
                    startedOn.complete(Vertx.currentContext());
                    return Uni.createFrom().item("waiter");
                }).subscribe().with(answer::complete, answer::completeExceptionally);
                queued.complete(null);
            });
            queued.get(5, TimeUnit.SECONDS);
            assertThat(gate.waiting()).isEqualTo(1);

            holderContext.runOnContext(v -> held.complete("holder"));

            assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("waiter");
            assertThat(startedOn.get()).isSameAs(waiterContext).isNotSameAs(holderContext);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aWaitingReadRunsWhenAPlaceIsFreeAndOneCancelledWhileWaitingGivesItsTurnBack() {
        Gate gate = new Gate("lookups", 1, 2);
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> firstAnswer = gate.through(() -> Uni.createFrom().completionStage(first))
                .subscribeAsCompletionStage();
        AtomicInteger started = new AtomicInteger();
        Cancellable cancelled = gate.through(() -> {
            started.incrementAndGet();
            return Uni.createFrom().item("never started");
        }).subscribe().with(x -> { });
        CompletableFuture<String> third = gate.through(() -> Uni.createFrom().item("third")).subscribeAsCompletionStage();
        assertThat(gate.waiting()).isEqualTo(2);
        assertThatThrownBy(() -> gate.through(() -> Uni.createFrom().item("fourth")).await().atMost(WAIT))
                .isInstanceOf(Admission.Overloaded.class);

        cancelled.cancel();
        assertThat(gate.waiting()).isEqualTo(1);
        first.complete("first");

        assertThat(firstAnswer.join()).isEqualTo("first");
        assertThat(third.join()).isEqualTo("third");
        assertThat(started.get()).isZero();
        assertThat(gate.running()).isZero();
        assertThat(gate.waiting()).isZero();
    }

    @Test
    void aReadThatSucceedsFailsOrThrowsGivesItsPlaceBack() {
        Gate gate = new Gate("reports", 2, 0);
        assertThat(gate.through(() -> Uni.createFrom().item("ok")).await().atMost(WAIT)).isEqualTo("ok");
        assertThatThrownBy(() -> gate.through(() -> Uni.createFrom().failure(new IllegalStateException("x")))
                .await().atMost(WAIT)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> gate.<String>through(() -> {
            throw new IllegalStateException("before the read");
        }).await().atMost(WAIT)).isInstanceOf(IllegalStateException.class);
        assertThat(gate.running()).isZero();
    }

    @Test
    void manyConcurrentReadsNeverRunPastTheBoundAndAllEnd() throws Exception {
        Gate gate = new Gate("lookups", 3, 1000);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        ExecutorService readers = Executors.newFixedThreadPool(4);
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 400; i++) {
                int n = i;
                answers.add(CompletableFuture.supplyAsync(() -> gate.through(() -> Uni.createFrom().item(() -> {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    return n;
                }).emitOn(readers).invoke(() -> inside.decrementAndGet())).subscribeAsCompletionStage(), callers)
                        .thenCompose(stage -> stage));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
            }
        } finally {
            callers.shutdownNow();
            readers.shutdownNow();
        }
        assertThat(most.get()).isBetween(1, 3);
        assertThat(gate.running()).isZero();
        assertThat(gate.waiting()).isZero();
    }

    @Test
    void onlyTheStatementTimeoutCountsAsATimedOutReport() {
        assertThat(Reads.cancelled(new PgException("canceling statement due to statement timeout", "ERROR", "57014",
                null))).isTrue();
        assertThat(Reads.cancelled(new PgException("deadlock", "ERROR", "40P01", null))).isFalse();
    }
}
