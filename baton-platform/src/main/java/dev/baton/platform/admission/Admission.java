package dev.baton.platform.admission;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Admission control for bulk work (engagement ingestion), so that a burst of it cannot delay the lifecycle:
 * <ul>
 *   <li>{@link #admit} refuses new work at once ({@link Overloaded}, answered 429 with {@code Retry-After}, nothing
 *       changed) while the work already admitted holds more than {@code maxEvents} events, or the oldest of it has
 *       waited longer than {@code maxAge} (a queue, a slow disk, a pool wait: whatever makes it late);</li>
 *   <li>it refuses new work too while the work bulk must never delay (the lifecycle) runs later than
 *       {@code maxPriorityDelay}: whatever makes leads late (a busy CPU, a slow disk), bulk gives way first;</li>
 *   <li>{@link #intake} bounds the bulk requests being read, parsed or run, by their size, at {@code maxIntakeBytes}:
 *       the requests between the door and {@link #admit} (bodies read and parsed) are bounded too, in CPU and heap;</li>
 *   <li>{@link #inLane} runs admitted transactions at most {@code lanes} at a time: bulk work never holds more than
 *       that many database connections, and the lifecycle keeps the rest of the pool.</li>
 * </ul>
 */
public final class Admission {

    /** The bounds; see the class comment. */
    public record Limits(int lanes, long maxEvents, Duration maxAge, Duration maxPriorityDelay, long maxIntakeBytes) {
        public Limits {
            if (lanes < 1 || maxEvents < 1 || maxAge.isNegative() || maxAge.isZero() || maxPriorityDelay.isNegative()
                    || maxPriorityDelay.isZero() || maxIntakeBytes < 1) {
                throw new IllegalArgumentException(
                        "lanes, maxEvents, maxAge, maxPriorityDelay and maxIntakeBytes must be positive");
            }
        }
    }

    /** Too much bulk work is waiting: retry after {@link #retryAfterSeconds()}. */
    public static final class Overloaded extends RuntimeException {
        private final long retryAfterSeconds;

        public Overloaded(String why, long retryAfterSeconds) {
            super(why, null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    static final long MAX_RETRY_AFTER_SECONDS = 30;

    private final Limits limits;
    private final Supplier<Duration> priorityDelay;
    private final LongSupplier nanoClock;
    private final AtomicLong admittedEvents = new AtomicLong();
    /** Admitted and not yet finished: admission number → when admitted (nanos). The first entry is the oldest. */
    private final ConcurrentSkipListMap<Long, Long> admitted = new ConcurrentSkipListMap<>();
    private final AtomicLong admissions = new AtomicLong();
    private final Gate lanes;
    private final AtomicLong intakeBytes = new AtomicLong();
    private final LongAdder shedEvents = new LongAdder();
    private final LongAdder shedRequests = new LongAdder();

    /** @param priorityDelay how late the work that bulk must not delay runs now */
    public Admission(Limits limits, Supplier<Duration> priorityDelay) {
        this(limits, priorityDelay, System::nanoTime);
    }

    Admission(Limits limits, Supplier<Duration> priorityDelay, LongSupplier nanoClock) {
        this.limits = limits;
        // Waiting work is already bounded by admission (events, age, intake bytes).
        this.lanes = new Gate("bulk transactions", limits.lanes(), Integer.MAX_VALUE);
        this.priorityDelay = priorityDelay;
        this.nanoClock = nanoClock;
    }

    /**
     * Runs {@code work}, which carries {@code events} events, if the bulk work already admitted is small and fresh
     * enough; otherwise fails with {@link Overloaded} before {@code work} is even created.
     */
    public <T> Uni<T> admit(int events, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            long number = enter(events);
            return Uni.createFrom().deferred(() -> work.get()).onTermination().invoke(() -> leave(number, events));
        });
    }

    /** Runs {@code work} once one of the lanes is free (at once when one is). */
    public <T> Uni<T> inLane(Supplier<Uni<T>> work) {
        return lanes.through(work);
    }

    /**
     * Fails with {@link Overloaded} when new work would be refused now: a cheap check before a request's body is even
     * read, so that shedding costs little. Reserves nothing; {@link #admit} still decides.
     */
    public void refuseIfBehind() {
        refuseIfPriorityLate(0);
        long now = nanoClock.getAsLong();
        Map.Entry<Long, Long> oldest = admitted.firstEntry();
        long age = oldest == null ? 0 : now - oldest.getValue();
        if (age > limits.maxAge().toNanos()) {
            throw shed(0, "the oldest admitted bulk work has waited " + millis(age) + " ms (more than "
                    + limits.maxAge().toMillis() + " ms)", age);
        }
        long current = admittedEvents.get();
        if (current >= limits.maxEvents()) {
            throw shed(0, current + " bulk events are already admitted (at most " + limits.maxEvents() + ")", age);
        }
    }

    /**
     * Lets a bulk request of {@code bytes} in (to be read, parsed and {@link #admit admitted}) unless ingestion is
     * behind ({@link #refuseIfBehind}) or the requests already let in hold {@code maxIntakeBytes}; fails with
     * {@link Overloaded} otherwise. Run the returned release once the request is answered (more runs do nothing).
     */
    public Runnable intake(long bytes) {
        refuseIfBehind();
        while (true) {
            long current = intakeBytes.get();
            // A request larger than the bound on its own is let in when nothing else is.
            if (current > 0 && current + bytes > limits.maxIntakeBytes()) {
                throw shed(0, current + " bytes of bulk requests are already being handled (at most "
                        + limits.maxIntakeBytes() + ")", oldestAge().toNanos());
            }
            if (intakeBytes.compareAndSet(current, current + bytes)) {
                break;
            }
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                intakeBytes.addAndGet(-bytes);
            }
        };
    }

    private long enter(int events) {
        refuseIfPriorityLate(events);
        long now = nanoClock.getAsLong();
        Map.Entry<Long, Long> oldest = admitted.firstEntry();
        if (oldest != null && now - oldest.getValue() > limits.maxAge().toNanos()) {
            throw shed(events, "the oldest admitted bulk work has waited " + millis(now - oldest.getValue())
                    + " ms (more than " + limits.maxAge().toMillis() + " ms)", now - oldest.getValue());
        }
        while (true) {
            long current = admittedEvents.get();
            // A request larger than the bound on its own is admitted when nothing else is.
            if (current > 0 && current + events > limits.maxEvents()) {
                throw shed(events, current + " bulk events are already admitted (at most " + limits.maxEvents() + ")",
                        oldest == null ? 0 : now - oldest.getValue());
            }
            if (admittedEvents.compareAndSet(current, current + events)) {
                break;
            }
        }
        long number = admissions.incrementAndGet();
        admitted.put(number, now);
        return number;
    }

    private void refuseIfPriorityLate(int events) {
        Duration late = priorityDelay.get();
        if (late.compareTo(limits.maxPriorityDelay()) > 0) {
            throw shed(events, "the lifecycle is applied " + late.toMillis() + " ms late (more than "
                    + limits.maxPriorityDelay().toMillis() + " ms)", late.toNanos());
        }
    }

    private void leave(long number, int events) {
        admitted.remove(number);
        admittedEvents.addAndGet(-events);
    }

    private Overloaded shed(int events, String why, long lateNanos) {
        shedRequests.increment();
        shedEvents.add(events);
        // About as long as the work ahead is late: the backlog ahead of a retry.
        long seconds = Math.max(1, Math.min(MAX_RETRY_AFTER_SECONDS, (lateNanos + 999_999_999L) / 1_000_000_000L));
        return new Overloaded(why, seconds);
    }

    /** Events admitted and not finished. */
    public long admittedEvents() {
        return admittedEvents.get();
    }

    /** How long the oldest admitted work has waited, 0 when there is none. */
    public Duration oldestAge() {
        Map.Entry<Long, Long> oldest = admitted.firstEntry();
        return oldest == null ? Duration.ZERO : Duration.ofNanos(Math.max(0, nanoClock.getAsLong() - oldest.getValue()));
    }

    /** Bytes of the bulk requests let in by {@link #intake} and not yet answered. */
    public long intakeBytes() {
        return intakeBytes.get();
    }

    /** Transactions running in the lanes now. */
    public int runningLanes() {
        return lanes.running();
    }

    /** Publishes the admission state under {@code name} (e.g. {@code baton.engagement.admission}). */
    public Admission register(MeterRegistry registry, String name) {
        Gauge.builder(name + ".admitted.events", this, Admission::admittedEvents)
                .description("Bulk events admitted and not yet committed").register(registry);
        Gauge.builder(name + ".oldest.seconds", this, a -> a.oldestAge().toNanos() / 1e9)
                .description("Age of the oldest admitted bulk work").register(registry);
        Gauge.builder(name + ".intake.bytes", this, Admission::intakeBytes)
                .description("Bytes of bulk requests being read, parsed or run").register(registry);
        Gauge.builder(name + ".lanes.running", this, Admission::runningLanes)
                .description("Bulk transactions running").register(registry);
        FunctionCounter.builder(name + ".shed.requests", shedRequests, LongAdder::doubleValue)
                .description("Bulk requests refused with 429").register(registry);
        FunctionCounter.builder(name + ".shed.events", shedEvents, LongAdder::doubleValue)
                .description("Bulk events refused with 429").register(registry);
        return this;
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000L;
    }
}
