package dev.baton.handoff.handoffs;

import dev.baton.handoff.DueWork;
import dev.baton.handoff.handoffs.domain.RetryOutcome;
import dev.baton.platform.outbox.Transactions;
import dev.baton.platform.time.Timestamps;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Retries the handoffs refused because no rep was available, until a rep takes each lead. The waits are not held in
 * memory: each is a {@code handoff_retry} row with its next attempt time. Every {@code baton.handoff.retry.poll-interval}
 * this instance tries the due ones one by one ({@link DueWork}, {@link HandoffService#retryNextHandoff}), as the SLA
 * timers do.
 *
 * <p>Metrics: {@code baton.handoff.waiting} (leads waiting for a rep now) and {@code baton.handoff.retries} (attempts,
 * by outcome).
 */
@ApplicationScoped
public class HandoffRetrier {

    private static final Logger LOG = Logger.getLogger(HandoffRetrier.class);

    private final Transactions transactions;
    private final HandoffService handoffs;
    private final RetryConfig config;
    private final Vertx vertx;
    private final AtomicLong waiting = new AtomicLong();
    private final Map<RetryOutcome, Counter> outcomes = new EnumMap<>(RetryOutcome.class);
    private final DueWork work;

    public HandoffRetrier(Transactions transactions, HandoffService handoffs, RetryConfig config, Vertx vertx,
            MeterRegistry meters) {
        this.transactions = transactions;
        this.handoffs = handoffs;
        this.config = config;
        this.vertx = vertx;
        Gauge.builder("baton.handoff.waiting", waiting, AtomicLong::get)
                .description("Qualified leads whose handoff waits for a rep (refused NO_REP_AVAILABLE, retried)")
                .register(meters);
        for (RetryOutcome outcome : RetryOutcome.values()) {
            outcomes.put(outcome, Counter.builder("baton.handoff.retries").tag("outcome", outcome.name())
                    .description("Attempts to hand off a lead that waited for a rep, by outcome").register(meters));
        }
        this.work = new DueWork("waiting handoffs",
                () -> transactions.commit(tx -> handoffs.retryNextHandoff(tx, Timestamps.now())).map(outcome -> {
                    if (outcome != null) {
                        outcomes.get(outcome).increment();
                    }
                    return outcome != null;
                }),
                () -> handoffs.waitingCount().invoke(waiting::set).replaceWithVoid());
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("handoff retries disabled on this instance");
            return;
        }
        // Availability is configuration, so a start is when a rep may have become available: try every wait now.
        Integer woken = transactions.commit(tx -> handoffs.retryAllNow(tx, Timestamps.now()))
                .await().atMost(Duration.ofSeconds(30));
        work.start(vertx, config.pollInterval());
        LOG.infof("handoff retries: from %s, doubling up to %s, polled every %s; %d waiting lead(s) tried now",
                config.initialDelay(), config.maxDelay(), config.pollInterval(), woken);
    }

    void stop(@Observes ShutdownEvent event) {
        work.stop();
    }
}
