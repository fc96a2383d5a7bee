package dev.baton.faults.workload;

import java.util.concurrent.atomic.AtomicLongArray;

/** Commands answered 2xx, counted per 250-ms slot since the start of the run (a few hours of slots). */
public final class Throughput {

    public static final long SLOT_NANOS = 250_000_000L;
    private static final int SLOTS = 4 * 3600 * 24;

    private final long origin = System.nanoTime();
    private final AtomicLongArray slots = new AtomicLongArray(SLOTS);

    public void record() {
        int slot = slot(System.nanoTime());
        if (slot < SLOTS) {
            slots.incrementAndGet(slot);
        }
    }

    /** Commands per second between two {@link System#nanoTime()} instants (whole slots). */
    public double rate(long fromNanos, long toNanos) {
        int from = slot(fromNanos);
        int to = Math.min(slot(toNanos), SLOTS);
        if (to <= from) {
            return 0;
        }
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += slots.get(i);
        }
        return sum / ((to - from) * (SLOT_NANOS / 1e9));
    }

    private int slot(long nanos) {
        return (int) Math.max(0, (nanos - origin) / SLOT_NANOS);
    }
}
