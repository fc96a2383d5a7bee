package dev.baton.platform.consumer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How late this service applies the lifecycle topic: the age (from the records' create time) of the oldest record of
 * the poll being applied, or of the last poll applied within the last few seconds. Bulk work is shed while it is high
 * (admission), so that a burst of tracking data cannot delay leads. A consumer replaying history is late too.
 */
@ApplicationScoped
public class LifecycleDelay {

    /** How long a finished poll's delay still counts when nothing newer is being applied. */
    static final Duration RECENT = Duration.ofSeconds(3);

    private final LongSupplier wallMillis;
    private final LongSupplier nanos;
    /** Create time of the oldest record of the poll being applied; 0 when none is. */
    private volatile long applyingSince;
    private volatile long lastDelayMillis;
    private volatile long lastAppliedNanos;

    @Inject
    public LifecycleDelay(MeterRegistry registry) {
        this(System::currentTimeMillis, System::nanoTime);
        Gauge.builder("baton.consumer.lifecycle.delay.seconds", this, d -> d.current().toMillis() / 1000.0)
                .description("How late this service applies lifecycle events (record create time to now)")
                .register(registry);
    }

    LifecycleDelay(LongSupplier wallMillis, LongSupplier nanos) {
        this.wallMillis = wallMillis;
        this.nanos = nanos;
    }

    /** A poll starts being applied; returns its oldest create time, to pass to {@link #applied}. */
    long applying(ConsumerRecords<String, String> polled) {
        long oldest = Long.MAX_VALUE;
        for (var record : polled) {
            if (record.timestamp() > 0) {
                oldest = Math.min(oldest, record.timestamp());
            }
        }
        long since = oldest == Long.MAX_VALUE ? wallMillis.getAsLong() : oldest;
        applyingSince = since;
        return since;
    }

    /** The poll that started with {@link #applying} is applied (or given up on). */
    void applied(long since) {
        lastDelayMillis = Math.max(0, wallMillis.getAsLong() - since);
        lastAppliedNanos = nanos.getAsLong();
        applyingSince = 0;
    }

    /** How late the lifecycle is applied now; zero when it is up to date or idle. */
    public Duration current() {
        long since = applyingSince;
        if (since > 0) {
            return Duration.ofMillis(Math.max(0, wallMillis.getAsLong() - since));
        }
        if (lastAppliedNanos != 0 && nanos.getAsLong() - lastAppliedNanos < RECENT.toNanos()) {
            return Duration.ofMillis(lastDelayMillis);
        }
        return Duration.ZERO;
    }
}
