package dev.baton.handoff.retry;

import dev.baton.handoff.HandoffConfig;
import dev.baton.handoff.ownership.HandoffRetryRepository;
import dev.baton.handoff.ownership.OwnershipRegistry;
import dev.baton.handoff.ownership.OwnershipRegistry.RetryOutcome;
import dev.baton.platform.outbox.Transactions;
import dev.baton.platform.time.Timestamps;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Retries the handoffs refused because no rep was available, until a rep takes each lead. The waits are not held in
 * memory: each is a {@code handoff_retry} row with its next attempt time. Every {@code baton.handoff.retry.poll-interval}
 * this instance claims the due ones one by one and tries each in the transaction that writes its outcome
 * ({@link OwnershipRegistry#retryNextHandoff}), as {@link dev.baton.handoff.sla.SlaTimers} does for the SLA: a restart,
 * a crash or a second replica neither loses nor doubles an attempt or a handoff.
 *
 * <p>Metrics: {@code baton.handoff.waiting} (leads waiting for a rep now) and {@code baton.handoff.retries} (attempts,
 * by outcome).
 */
@ApplicationScoped
public class HandoffRetrier {

    private static final Logger LOG = Logger.getLogger(HandoffRetrier.class);
    /** Most waits one poll tries before it lets the next poll go on. */
    private static final int BATCH = 100;

    private final Pool pool;
    private final OwnershipRegistry registry;
    private final HandoffRetryRepository retries;
    private final Transactions transactions;
    private final HandoffConfig.Retry config;
    private final Vertx vertx;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicLong waiting = new AtomicLong();
    private final Map<RetryOutcome, Counter> outcomes = new EnumMap<>(RetryOutcome.class);
    private volatile boolean running;
    private volatile long timerId = -1;

    public HandoffRetrier(Pool pool, OwnershipRegistry registry, HandoffRetryRepository retries, Transactions transactions,
            HandoffConfig config, Vertx vertx, MeterRegistry meters) {
        this.pool = pool;
        this.registry = registry;
        this.retries = retries;
        this.transactions = transactions;
        this.config = config.retry();
        this.vertx = vertx;
        Gauge.builder("baton.handoff.waiting", waiting, AtomicLong::get)
                .description("Qualified leads whose handoff waits for a rep (refused NO_REP_AVAILABLE, retried)")
                .register(meters);
        for (RetryOutcome outcome : RetryOutcome.values()) {
            outcomes.put(outcome, Counter.builder("baton.handoff.retries").tag("outcome", outcome.name())
                    .description("Attempts to hand off a lead that waited for a rep, by outcome").register(meters));
        }
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("handoff retries disabled on this instance");
            return;
        }
        // Availability is configuration, so a start is when a rep may have become available: try every wait now.
        Integer woken = transactions.commit(tx -> retries.dueNow(tx, Timestamps.now()))
                .await().atMost(Duration.ofSeconds(30));
        running = true;
        timerId = vertx.setPeriodic(Math.max(10, config.pollInterval().toMillis()), id -> poll());
        LOG.infof("handoff retries: from %s, doubling up to %s, polled every %s; %d waiting lead(s) tried now",
                config.initialDelay(), config.maxDelay(), config.pollInterval(), woken);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private void poll() {
        if (!running || !busy.compareAndSet(false, true)) {
            return;
        }
        retryDue(0).flatMap(tried -> retries.count(pool)).subscribe().with(count -> {
            waiting.set(count);
            busy.set(false);
        }, failure -> {
            busy.set(false);
            if (running) {
                LOG.warnf("waiting handoffs not retried this round (%s); trying again", failure.getMessage());
            }
        });
    }

    private Uni<Integer> retryDue(int tried) {
        if (!running || tried >= BATCH) {
            return Uni.createFrom().item(tried);
        }
        Instant now = Timestamps.now();
        return transactions.commit(tx -> registry.retryNextHandoff(tx, now))
                .flatMap(outcome -> {
                    if (outcome == null) {
                        return Uni.createFrom().item(tried);
                    }
                    outcomes.get(outcome).increment();
                    return retryDue(tried + 1);
                });
    }
}
