package dev.baton.platform.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The records a consumer is waiting on (retried in place while the database or the broker is unavailable), per
 * partition. Exposed as metrics and as the detail of a liveness check that stays UP ({@link Check}): a stall is waited
 * out, and restarting the service would not end it.
 */
@Startup // its metrics exist from the start, not from the first failure
@ApplicationScoped
public class ConsumerStalls {

    /** A partition whose record has failed since {@code since}. */
    record Stall(String record, Instant since, int attempts, String error) {
    }

    private final Map<String, Stall> stalls = new ConcurrentHashMap<>();
    private final Counter retries;

    public ConsumerStalls(MeterRegistry registry) {
        Gauge.builder("baton.consumer.stalled.partitions", stalls, Map::size)
                .description("Partitions whose current record is being retried").register(registry);
        Gauge.builder("baton.consumer.stalled.seconds", this, ConsumerStalls::longestSeconds)
                .description("How long the longest current stall has lasted").register(registry);
        retries = Counter.builder("baton.consumer.retries").description("Records tried again after a failure")
                .register(registry);
    }

    void failed(String partition, String record, int attempt, String error) {
        retries.increment();
        stalls.compute(partition, (key, stall) -> stall != null && stall.record().equals(record)
                ? new Stall(record, stall.since(), attempt, error)
                : new Stall(record, Instant.now(), attempt, error));
    }

    void settled(String partition) {
        stalls.remove(partition);
    }

    double longestSeconds() {
        Instant now = Instant.now();
        return stalls.values().stream().mapToDouble(s -> Duration.between(s.since(), now).toMillis() / 1000.0)
                .max().orElse(0);
    }

    HealthCheckResponse report() {
        var response = HealthCheckResponse.named("Baton consumers").up().withData("stalledPartitions", stalls.size());
        stalls.forEach((partition, stall) -> response.withData(partition, "waiting since " + stall.since() + " on "
                + stall.record() + " (" + stall.attempts() + " attempts, last: " + stall.error() + ")"));
        return response.build();
    }

    /** The stalls as a liveness detail. */
    @Liveness
    @ApplicationScoped
    static class Check implements HealthCheck {
        private final ConsumerStalls stalls;

        Check(ConsumerStalls stalls) {
            this.stalls = stalls;
        }

        @Override
        public HealthCheckResponse call() {
            return stalls.report();
        }
    }
}
