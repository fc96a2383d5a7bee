package dev.baton.faults.workload;

import dev.baton.faults.infra.Tokens;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mixed workload: worker threads walk leads through their journeys (a delay queue of next steps, so that a lead
 * waiting for the handoff never holds a worker), keeping about {@code activeLeads} in flight; one thread sends
 * engagement batches. {@link #pause()} lets the steps in flight finish and starts no more, for the checks.
 */
public final class Workload implements AutoCloseable {

    private final DelayQueue<Journey> queue = new DelayQueue<>();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private final Steps steps;
    private final Engagement engagement;
    private final int activeLeads;
    private final long batchIntervalMillis;
    private volatile boolean paused = true;
    private volatile boolean stopped;

    public Workload(Api api, Tokens tokens, Ledger ledger, Throughput throughput, int workers, int activeLeads,
            int batchSize, long batchIntervalMillis) {
        Visitors visitors = new Visitors();
        this.steps = new Steps(api, tokens, ledger, throughput, visitors, this::spawn);
        this.engagement = new Engagement(api, tokens, ledger, throughput, visitors, batchSize);
        this.activeLeads = activeLeads;
        this.batchIntervalMillis = batchIntervalMillis;
        for (int i = 0; i < workers; i++) {
            threads.add(new Thread(this::work, "workload-" + i));
        }
        threads.add(new Thread(this::engage, "workload-engagement"));
        threads.forEach(t -> {
            t.setDaemon(true);
            t.start();
        });
    }

    public void resume() {
        paused = false;
    }

    /** Starts no new step; waits (bounded) for those in flight. */
    public void pause(long timeoutMillis) {
        paused = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (busy.get() > 0 && System.nanoTime() < deadline) {
            nap(20);
        }
    }

    /** Journeys that gave up waiting for an asynchronous step (the handoff, the acceptance). */
    public long stranded() {
        return steps.stranded.sum();
    }

    public int activeJourneys() {
        return active.get();
    }

    private void spawn(Journey journey) {
        active.incrementAndGet();
        queue.add(journey);
    }

    private void work() {
        while (!stopped) {
            if (paused) {
                nap(50);
                continue;
            }
            busy.incrementAndGet();
            try {
                if (paused) {
                    continue;
                }
                Journey journey;
                if (active.get() < activeLeads) {
                    active.incrementAndGet();
                    journey = new Journey(Journey.Step.CONVERT);
                } else {
                    journey = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (journey == null) {
                        continue;
                    }
                }
                Journey next = steps.advance(journey);
                if (next.step == Journey.Step.DONE) {
                    active.decrementAndGet();
                } else {
                    queue.add(next);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                System.err.println("[faults] workload step failed: " + e);
                active.decrementAndGet();
            } finally {
                busy.decrementAndGet();
            }
        }
    }

    private void engage() {
        while (!stopped) {
            if (paused) {
                nap(50);
                continue;
            }
            busy.incrementAndGet();
            try {
                if (!paused) {
                    engagement.sendBatch();
                }
            } catch (RuntimeException e) {
                System.err.println("[faults] engagement batch failed: " + e);
            } finally {
                busy.decrementAndGet();
            }
            nap(batchIntervalMillis);
        }
    }

    private static void nap(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopped = true;
        paused = true;
        threads.forEach(Thread::interrupt);
    }
}
