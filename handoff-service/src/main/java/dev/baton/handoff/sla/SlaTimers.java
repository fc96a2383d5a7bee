package dev.baton.handoff.sla;

import dev.baton.handoff.HandoffConfig;
import dev.baton.handoff.ownership.OwnershipRegistry;
import dev.baton.platform.outbox.Transactions;
import dev.baton.platform.time.Timestamps;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the handoff SLA timers. The timers are not held in memory: each is its lead's {@code sla_at_risk_at} and
 * {@code sla_due_at} in the registry. Every {@code baton.handoff.sla-poll-interval} this instance claims the due rows
 * one by one ({@code FOR UPDATE SKIP LOCKED}) and fires each in the transaction that writes its events
 * ({@link OwnershipRegistry#fireNextTimer}). A restart, a crash or a second replica therefore neither loses nor doubles
 * an at-risk warning or a breach: a timer that came due while no instance ran fires at the next poll.
 */
@ApplicationScoped
public class SlaTimers {

    private static final Logger LOG = Logger.getLogger(SlaTimers.class);
    /** Most timers one poll fires before it lets the next poll go on. */
    private static final int BATCH = 100;

    private final Pool pool;
    private final OwnershipRegistry registry;
    private final Transactions transactions;
    private final HandoffConfig config;
    private final Vertx vertx;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean running;
    private volatile long timerId = -1;

    public SlaTimers(Pool pool, OwnershipRegistry registry, Transactions transactions, HandoffConfig config, Vertx vertx) {
        this.pool = pool;
        this.registry = registry;
        this.transactions = transactions;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        if (!config.slaTimers()) {
            LOG.info("SLA timers disabled on this instance");
            return;
        }
        running = true;
        timerId = vertx.setPeriodic(Math.max(10, config.slaPollInterval().toMillis()), id -> poll());
        LOG.infof("SLA timers: window %s, at risk at %.0f%%, %d reassignment(s) before escalation, polled every %s",
                config.slaWindow(), config.slaAtRiskFraction() * 100, config.slaMaxReassignments(),
                config.slaPollInterval());
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
        fireDue(0).subscribe().with(fired -> busy.set(false), failure -> {
            busy.set(false);
            if (running) {
                LOG.warnf("SLA timers not fired this round (%s); trying again", failure.getMessage());
            }
        });
    }

    private Uni<Integer> fireDue(int fired) {
        if (!running || fired >= BATCH) {
            return Uni.createFrom().item(fired);
        }
        Instant now = Timestamps.now();
        return transactions.commit(tx -> registry.fireNextTimer(tx, now))
                .flatMap(due -> {
                    if (!due) {
                        return Uni.createFrom().item(fired);
                    }
                    return fireDue(fired + 1);
                });
    }
}
