package dev.baton.platform.admission;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Admission without a database or a clock: work is futures the test completes, time is a counter it moves. */
class AdmissionTest {

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    /** How late the lifecycle runs, as the test sets it. */
    private final java.util.concurrent.atomic.AtomicReference<Duration> lifecycleLate =
            new java.util.concurrent.atomic.AtomicReference<>(Duration.ZERO);

    private Admission admission(int lanes, long maxEvents, Duration maxAge) {
        return new Admission(new Admission.Limits(lanes, maxEvents, maxAge, ONE_SECOND, 1000), lifecycleLate::get,
                nanos::get);
    }

    private static <T> CompletableFuture<T> start(Uni<T> uni) {
        return uni.subscribeAsCompletionStage();
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        try {
            future.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure, got " + future.get());
    }

    @Test
    void workIsAdmittedWhileTheAdmittedEventsStayUnderTheBound() throws Exception {
        Admission admission = admission(4, 100, Duration.ofSeconds(1));
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> a = start(admission.admit(60, () -> Uni.createFrom().completionStage(first)));
        assertThat(admission.admittedEvents()).isEqualTo(60);

        AtomicInteger created = new AtomicInteger();
        CompletableFuture<String> refused = start(admission.admit(50, () -> {
            created.incrementAndGet();
            return Uni.createFrom().item("never");
        }));
        Throwable failure = failureOf(refused);
        assertThat(failure).isInstanceOf(Admission.Overloaded.class).hasMessageContaining("60 bulk events");
        assertThat(((Admission.Overloaded) failure).retryAfterSeconds()).isEqualTo(1);
        assertThat(created).as("refused work is never created, so it changes nothing").hasValue(0);

        assertThat(start(admission.admit(40, () -> Uni.createFrom().item("fits"))).get(5, TimeUnit.SECONDS))
                .isEqualTo("fits");
        first.complete("done");
        assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(admission.admittedEvents()).isZero();
        assertThat(start(admission.admit(100, () -> Uni.createFrom().item("room again"))).get(5, TimeUnit.SECONDS))
                .isEqualTo("room again");
    }

    @Test
    void aRequestLargerThanTheBoundIsAdmittedAlone() throws Exception {
        Admission admission = admission(1, 10, Duration.ofSeconds(1));
        assertThat(start(admission.admit(500, () -> Uni.createFrom().item("alone"))).get(5, TimeUnit.SECONDS))
                .isEqualTo("alone");
    }

    @Test
    void workIsRefusedWhileTheOldestAdmittedHasWaitedTooLongWithRetryAfterItsAge() throws Exception {
        Admission admission = admission(4, 1_000, Duration.ofSeconds(1));
        CompletableFuture<String> slow = new CompletableFuture<>();
        CompletableFuture<String> a = start(admission.admit(1, () -> Uni.createFrom().completionStage(slow)));

        nanos.addAndGet(Duration.ofMillis(900).toNanos());
        assertThat(start(admission.admit(1, () -> Uni.createFrom().item("young enough"))).get(5, TimeUnit.SECONDS))
                .isEqualTo("young enough");

        nanos.addAndGet(Duration.ofMillis(1_600).toNanos()); // the first has now waited 2.5 s
        Throwable failure = failureOf(start(admission.admit(1, () -> Uni.createFrom().item("never"))));
        assertThat(failure).isInstanceOf(Admission.Overloaded.class).hasMessageContaining("2500 ms");
        assertThat(((Admission.Overloaded) failure).retryAfterSeconds()).isEqualTo(3);
        assertThat(admission.oldestAge()).isEqualTo(Duration.ofMillis(2_500));

        slow.complete("late");
        a.get(5, TimeUnit.SECONDS);
        assertThat(admission.oldestAge()).isZero();
        assertThat(start(admission.admit(1, () -> Uni.createFrom().item("again"))).get(5, TimeUnit.SECONDS))
                .isEqualTo("again");
    }

    @Test
    void theEarlyCheckRefusesOnlyWhatAdmitWouldRefuse() {
        Admission admission = admission(4, 100, Duration.ofSeconds(1));
        admission.refuseIfBehind();
        start(admission.admit(99, () -> Uni.createFrom().completionStage(new CompletableFuture<String>())));
        admission.refuseIfBehind(); // one more event would still fit
        start(admission.admit(1, () -> Uni.createFrom().completionStage(new CompletableFuture<String>())));
        assertThatThrownBy(admission::refuseIfBehind).isInstanceOf(Admission.Overloaded.class)
                .hasMessageContaining("100 bulk events");

        Admission aged = admission(4, 100, Duration.ofSeconds(1));
        start(aged.admit(1, () -> Uni.createFrom().completionStage(new CompletableFuture<String>())));
        nanos.addAndGet(Duration.ofMillis(1_500).toNanos());
        assertThatThrownBy(aged::refuseIfBehind).isInstanceOf(Admission.Overloaded.class)
                .hasMessageContaining("1500 ms");
    }

    @Test
    void retryAfterIsCappedAt30Seconds() throws Exception {
        Admission admission = admission(4, 1_000, Duration.ofSeconds(1));
        start(admission.admit(1, () -> Uni.createFrom().completionStage(new CompletableFuture<String>())));
        nanos.addAndGet(Duration.ofMinutes(5).toNanos());
        Throwable failure = failureOf(start(admission.admit(1, () -> Uni.createFrom().item("never"))));
        assertThat(((Admission.Overloaded) failure).retryAfterSeconds()).isEqualTo(Admission.MAX_RETRY_AFTER_SECONDS);
    }

    @Test
    void aFailedOrCancelledRequestGivesItsRoomBack() throws Exception {
        Admission admission = admission(4, 10, Duration.ofSeconds(1));
        CompletableFuture<String> failed = start(admission.admit(10,
                () -> Uni.createFrom().failure(new IllegalStateException("database down"))));
        assertThat(failureOf(failed)).hasMessage("database down");
        assertThat(admission.admittedEvents()).isZero();

        Cancellable pending = admission.admit(10, () -> Uni.createFrom().completionStage(new CompletableFuture<String>()))
                .subscribe().with(item -> { });
        assertThat(admission.admittedEvents()).isEqualTo(10);
        pending.cancel();
        assertThat(admission.admittedEvents()).isZero();
        assertThat(admission.oldestAge()).isZero();
    }

    @Test
    void atMostLanesTransactionsRunAndTheWaitingOnesGoInArrivalOrder() throws Exception {
        Admission admission = admission(2, 1_000, Duration.ofSeconds(1));
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        AtomicInteger thirdStarted = new AtomicInteger();
        AtomicInteger fourthStarted = new AtomicInteger();
        CompletableFuture<String> a = start(admission.inLane(() -> Uni.createFrom().completionStage(first)));
        CompletableFuture<String> b = start(admission.inLane(() -> Uni.createFrom().completionStage(second)));
        CompletableFuture<String> c = start(admission.inLane(() -> {
            thirdStarted.incrementAndGet();
            return Uni.createFrom().item("third");
        }));
        CompletableFuture<String> d = start(admission.inLane(() -> {
            fourthStarted.incrementAndGet();
            assertThat(thirdStarted).as("arrival order").hasValue(1);
            return Uni.createFrom().item("fourth");
        }));
        assertThat(admission.runningLanes()).isEqualTo(2);
        assertThat(thirdStarted).hasValue(0);

        first.completeExceptionally(new IllegalStateException("rolled back")); // a failure frees its lane too
        assertThat(c.get(5, TimeUnit.SECONDS)).isEqualTo("third");
        assertThat(d.get(5, TimeUnit.SECONDS)).isEqualTo("fourth");
        assertThat(failureOf(a)).hasMessage("rolled back");
        assertThat(b).isNotDone();
        second.complete("second");
        assertThat(b.get(5, TimeUnit.SECONDS)).isEqualTo("second");
        assertThat(admission.runningLanes()).isZero();
    }

    @Test
    void aWaitCancelledBeforeItsLaneCameTakesNoLane() throws Exception {
        Admission admission = admission(1, 1_000, Duration.ofSeconds(1));
        CompletableFuture<String> running = new CompletableFuture<>();
        CompletableFuture<String> a = start(admission.inLane(() -> Uni.createFrom().completionStage(running)));
        AtomicInteger cancelledStarted = new AtomicInteger();
        Cancellable waiting = admission.inLane(() -> {
            cancelledStarted.incrementAndGet();
            return Uni.createFrom().item("never");
        }).subscribe().with(item -> { });
        waiting.cancel();
        running.complete("done");
        a.get(5, TimeUnit.SECONDS);

        assertThat(cancelledStarted).hasValue(0);
        assertThat(admission.runningLanes()).isZero();
        assertThat(start(admission.inLane(() -> Uni.createFrom().item("next"))).get(5, TimeUnit.SECONDS))
                .isEqualTo("next");
    }

    @Test
    void bulkGivesWayWhileTheLifecycleRunsLate() throws Exception {
        Admission admission = admission(4, 100, ONE_SECOND);
        lifecycleLate.set(Duration.ofMillis(2_500));
        AtomicInteger created = new AtomicInteger();
        Throwable failure = failureOf(start(admission.admit(1, () -> {
            created.incrementAndGet();
            return Uni.createFrom().item("never");
        })));
        assertThat(failure).isInstanceOf(Admission.Overloaded.class).hasMessageContaining("2500 ms late");
        assertThat(((Admission.Overloaded) failure).retryAfterSeconds()).isEqualTo(3);
        assertThat(created).hasValue(0);
        assertThatThrownBy(admission::refuseIfBehind).isInstanceOf(Admission.Overloaded.class);

        lifecycleLate.set(Duration.ofMillis(900));
        admission.refuseIfBehind();
        assertThat(start(admission.admit(1, () -> Uni.createFrom().item("on time"))).get(5, TimeUnit.SECONDS))
                .isEqualTo("on time");
    }

    @Test
    void requestsBeingReadAreBoundedByTheirSize() {
        Admission admission = admission(4, 100, ONE_SECOND);
        Runnable first = admission.intake(600);
        Runnable second = admission.intake(400);
        assertThat(admission.intakeBytes()).isEqualTo(1000);
        assertThatThrownBy(() -> admission.intake(1)).isInstanceOf(Admission.Overloaded.class)
                .hasMessageContaining("1000 bytes of bulk requests");
        first.run();
        first.run();
        assertThat(admission.intakeBytes()).as("a release counts once").isEqualTo(400);
        Runnable third = admission.intake(600);
        second.run();
        third.run();
        assertThat(admission.intakeBytes()).isZero();
        Runnable huge = admission.intake(5000);
        assertThat(admission.intakeBytes()).as("one request over the bound passes alone").isEqualTo(5000);
        huge.run();
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new Admission.Limits(0, 1, ONE_SECOND, ONE_SECOND, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Admission.Limits(1, 1, Duration.ZERO, ONE_SECOND, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Admission.Limits(1, 1, ONE_SECOND, Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Admission.Limits(1, 1, ONE_SECOND, ONE_SECOND, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
