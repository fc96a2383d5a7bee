package dev.baton.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * An open workload model: requests are due at a constant arrival rate whatever the system answers, and each latency
 * is measured from the request's intended send time, not from when it actually left. A system that stalls therefore
 * shows every request that should have been sent meanwhile as late (no coordinated omission). The scheduler never waits
 * for answers; when it falls behind it sends what is due at once, still timed from the intended times.
 */
public final class OpenLoop {

    /** Sends request number {@code seq}; completes with null when it succeeded, else with the reason it failed. */
    public interface Action {
        CompletableFuture<String> fire(long seq);
    }

    /** What one run at one rate measured. */
    public record Result(String name, double requestRate, int eventsPerRequest, double seconds, long scheduled,
            long ok, long errors, Map<String, Long> errorReasons, Histogram histogram, double p99LimitMs) {

        public Stats stats() {
            return Stats.of(histogram);
        }

        public double targetEventsPerSecond() {
            return requestRate * eventsPerRequest;
        }

        /** Events per second that were answered successfully. */
        public double achievedEventsPerSecond() {
            return seconds <= 0 ? 0 : ok * (double) eventsPerRequest / seconds;
        }

        /** No error, and p99 from the intended send time under the limit. */
        public boolean passed() {
            return errors == 0 && ok > 0 && ok == scheduled && stats().p99() < p99LimitMs;
        }

        public String failureReason() {
            if (passed()) {
                return "";
            }
            if (errors > 0) {
                return errors + " errors " + errorReasons;
            }
            return String.format("p99 %.1f ms >= %.0f ms", stats().p99(), p99LimitMs);
        }
    }

    private OpenLoop() {
    }

    /**
     * Runs {@code action} at {@code requestRate} per second for {@code duration}.
     *
     * @param maxInFlight requests outstanding at most; a request due while that many are outstanding is not sent
     *                    and counts as an error ("overload: N in flight")
     * @param drain       how long to wait for the last answers; those still missing count as errors ("timeout")
     */
    public static Result run(String name, double requestRate, int eventsPerRequest, Duration duration, Action action,
            int maxInFlight, Duration drain, double p99LimitMs) {
        ConcurrentHistogram histogram = new ConcurrentHistogram(Duration.ofMinutes(10).toNanos() / 1000, 3);
        LongAdder ok = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicLong inFlight = new AtomicLong();
        Map<String, LongAdder> reasons = new ConcurrentHashMap<>();
        double intervalNanos = 1e9 / requestRate;
        long total = Math.max(1, (long) Math.floor(duration.toNanos() / intervalNanos));
        long start = System.nanoTime() + 5_000_000L;
        for (long seq = 0; seq < total; seq++) {
            long intended = start + (long) (seq * intervalNanos);
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (inFlight.get() >= maxInFlight) {
                // Overloaded: this rate fails; stop here rather than pile more on the service (and the next step).
                long skipped = total - seq;
                errors.add(skipped);
                reasons.computeIfAbsent("overload: " + maxInFlight + " in flight, step stopped", k -> new LongAdder())
                        .add(skipped);
                break;
            }
            inFlight.incrementAndGet();
            CompletableFuture<String> answer;
            try {
                answer = action.fire(seq);
            } catch (RuntimeException e) {
                answer = CompletableFuture.completedFuture("generator: " + e);
            }
            answer.whenComplete((failure, thrown) -> {
                long micros = Math.max(0, (System.nanoTime() - intended) / 1000);
                histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
                String reason = thrown != null ? reasonOf(thrown) : failure;
                if (reason == null) {
                    ok.increment();
                } else {
                    errors.increment();
                    reasons.computeIfAbsent(reason, k -> new LongAdder()).increment();
                }
                inFlight.decrementAndGet();
            });
        }
        long deadline = System.nanoTime() + drain.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000L);
        }
        long missing = inFlight.get();
        if (missing > 0) {
            errors.add(missing);
            reasons.computeIfAbsent("timeout (no answer after drain)", k -> new LongAdder()).add(missing);
        }
        double seconds = total * intervalNanos / 1e9;
        Map<String, Long> reasonCounts = new TreeMap<>();
        reasons.forEach((k, v) -> reasonCounts.put(k, v.sum()));
        return new Result(name, requestRate, eventsPerRequest, seconds, total, ok.sum(), errors.sum(), reasonCounts,
                histogram.copy(), p99LimitMs);
    }

    static String reasonOf(Throwable thrown) {
        Throwable cause = thrown;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String type = cause.getClass().getSimpleName();
        return cause instanceof java.net.http.HttpTimeoutException ? "timeout" : type;
    }
}
