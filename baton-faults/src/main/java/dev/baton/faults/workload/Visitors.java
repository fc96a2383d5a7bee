package dev.baton.faults.workload;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** Recent anonymous visitors (for conversions to stitch) and recent leads (for engagement to attribute), in rings. */
final class Visitors {

    private static final int SIZE = 512;

    private final AtomicReferenceArray<String> visitors = new AtomicReferenceArray<>(SIZE);
    private final AtomicReferenceArray<String> leads = new AtomicReferenceArray<>(SIZE);

    void visitor(String id) {
        visitors.set(ThreadLocalRandom.current().nextInt(SIZE), id);
    }

    void lead(String id) {
        leads.set(ThreadLocalRandom.current().nextInt(SIZE), id);
    }

    String any() {
        return visitors.get(ThreadLocalRandom.current().nextInt(SIZE));
    }

    String anyLead() {
        return leads.get(ThreadLocalRandom.current().nextInt(SIZE));
    }
}
