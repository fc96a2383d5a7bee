package dev.baton.handoff;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Works through due items (SLA timers, waiting handoffs) held in the database, not in memory: every interval, one item
 * after the other, each in a transaction of its own that claims it, up to {@value #BATCH} a round; a round does not
 * start while the previous one runs. So a restart, a crash or a second replica neither loses nor doubles an item.
 */
public final class DueWork {

    private static final Logger LOG = Logger.getLogger(DueWork.class);
    /** Most items one round works through before it lets the next round go on. */
    static final int BATCH = 100;

    private final String items;
    private final Supplier<Uni<Boolean>> next;
    private final Supplier<Uni<Void>> afterRound;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean running;
    private volatile Vertx vertx;
    private volatile long timerId = -1;

    /**
     * @param items      what is worked through, for the log ("SLA timers")
     * @param next       claims and works the next due item in its own transaction; false when none was due
     * @param afterRound what to do after each round that did not fail (e.g. refresh a gauge)
     */
    public DueWork(String items, Supplier<Uni<Boolean>> next, Supplier<Uni<Void>> afterRound) {
        this.items = items;
        this.next = next;
        this.afterRound = afterRound;
    }

    /** Starts polling; a second start without a stop changes nothing (never two pollers). */
    public synchronized void start(Vertx vertx, Duration interval) {
        if (running) {
            return;
        }
        this.vertx = vertx;
        running = true;
        timerId = vertx.setPeriodic(Math.max(10, interval.toMillis()), id -> round());
    }

    public synchronized void stop() {
        running = false;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
    }

    private void round() {
        if (!running || !busy.compareAndSet(false, true)) {
            return;
        }
        workThrough(0).flatMap(done -> afterRound.get()).subscribe().with(v -> busy.set(false), failure -> {
            busy.set(false);
            if (running) {
                LOG.warnf("%s: not all worked through this round (%s); trying again", items, failure.getMessage());
            }
        });
    }

    private Uni<Integer> workThrough(int done) {
        if (!running || done >= BATCH) {
            return Uni.createFrom().item(done);
        }
        return next.get().flatMap(worked -> worked ? workThrough(done + 1) : Uni.createFrom().item(done));
    }
}
