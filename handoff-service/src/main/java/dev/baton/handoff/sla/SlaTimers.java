package dev.baton.handoff.sla;

import dev.baton.handoff.DueWork;
import dev.baton.platform.outbox.Transactions;
import dev.baton.platform.time.Timestamps;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Runs the handoff SLA timers. The timers are not held in memory: each is its lead's {@code sla_at_risk_at} and
 * {@code sla_due_at} in the registry. Every {@code baton.handoff.sla-poll-interval} this instance fires the due ones
 * one by one ({@link DueWork}, {@link SlaService#fireNextTimer}): a timer that came due while no instance ran fires at
 * the next poll.
 */
@ApplicationScoped
public class SlaTimers {

    private static final Logger LOG = Logger.getLogger(SlaTimers.class);

    private final SlaConfig config;
    private final Vertx vertx;
    private final DueWork work;

    public SlaTimers(SlaService sla, Transactions transactions, SlaConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
        this.work = new DueWork("SLA timers",
                () -> transactions.commit(tx -> sla.fireNextTimer(tx, Timestamps.now())),
                () -> Uni.createFrom().voidItem());
    }

    /** At start (public: the restart test starts them again as a start does). */
    public void start(@Observes StartupEvent event) {
        if (!config.slaTimers()) {
            LOG.info("SLA timers disabled on this instance");
            return;
        }
        work.start(vertx, config.slaPollInterval());
        LOG.infof("SLA timers: window %s, at risk at %.0f%%, %d reassignment(s) before escalation, polled every %s",
                config.slaWindow(), config.slaAtRiskFraction() * 100, config.slaMaxReassignments(),
                config.slaPollInterval());
    }

    /** At shutdown (public: the restart test stops them as a shutdown does). */
    public void stop(@Observes ShutdownEvent event) {
        work.stop();
    }
}
