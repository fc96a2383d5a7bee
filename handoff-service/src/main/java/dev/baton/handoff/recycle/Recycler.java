package dev.baton.handoff.recycle;

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

/** Polls for LOST leads whose cool-down is over ({@link DueWork}, {@link RecycleService#recycleNext}). */
@ApplicationScoped
public class Recycler {

    private static final Logger LOG = Logger.getLogger(Recycler.class);

    private final RecycleConfig config;
    private final Vertx vertx;
    private final DueWork work;

    public Recycler(Transactions transactions, RecycleService recycling, RecycleConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
        this.work = new DueWork("cooled-down leads",
                () -> transactions.commit(tx -> recycling.recycleNext(tx, Timestamps.now())),
                () -> Uni.createFrom().voidItem());
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("recycling after a cool-down disabled on this instance");
            return;
        }
        work.start(vertx, config.pollInterval());
        LOG.infof("LOST leads go back to marketing after %s; polled every %s", config.lostAfter(),
                config.pollInterval());
    }

    void stop(@Observes ShutdownEvent event) {
        work.stop();
    }
}
