package dev.baton.faults.check;

import dev.baton.faults.workload.Ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs the checks after a round, with the workload paused: first waits (bounded) until the system has settled (every
 * promised event on the topics, every poison dead-lettered, no consumer lag), then checks the topics and the
 * projections of the leads the round touched. A broken promise is reported once, in the round that first found it.
 */
public final class Verifier {

    private final TopicIndex index;
    private final Ledger ledger;
    private final Lag lag;
    private final Projections projections;
    private final Set<String> reported = new HashSet<>();
    private final Set<String> pending = new HashSet<>();

    public Verifier(TopicIndex index, Ledger ledger, Lag lag, Projections projections) {
        this.index = index;
        this.ledger = ledger;
        this.lag = lag;
        this.projections = projections;
    }

    /** Seconds until settled, or null if it had not within {@code seconds}. */
    public Double settle(int seconds) {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        pending.addAll(ledger.drainTouched());
        while (System.nanoTime() < deadline) {
            boolean read = index.catchUp(Duration.ofSeconds(15));
            pending.addAll(index.drainDirty());
            Lag.Snapshot snapshot = lag.snapshot();
            if (read && snapshot != null && snapshot.total() == 0 && promisesKept()) {
                return (System.nanoTime() - start) / 1e9;
            }
            pause(1000);
        }
        return null;
    }

    private boolean promisesKept() {
        List<Finding> open = new ArrayList<>(EventChecks.leads(pending, index, ledger));
        open.addAll(EventChecks.engagement(index, ledger));
        open.addAll(EventChecks.deadLetters(index, ledger));
        return open.stream().noneMatch(f -> f.category() == Finding.Category.LOST
                || f.category() == Finding.Category.DLQ_MISSING);
    }

    /** Checks the leads touched since the last check; returns the new findings and how many leads it looked at. */
    public Checked check(int projectionSeconds) {
        index.catchUp(Duration.ofSeconds(30));
        pending.addAll(ledger.drainTouched());
        pending.addAll(index.drainDirty());
        Set<String> leads = new HashSet<>(pending);
        pending.clear();
        return new Checked(fresh(run(leads, projectionSeconds)), leads.size());
    }

    /** Checks every lead ever seen (the end of a run). */
    public Checked checkAll(int projectionSeconds) {
        index.catchUp(Duration.ofSeconds(60));
        Set<String> leads = new HashSet<>(ledger.leadIds());
        leads.addAll(index.leads());
        ledger.drainTouched();
        index.drainDirty();
        List<Finding> all = run(leads, projectionSeconds);
        return new Checked(all, leads.size());
    }

    /** Findings of a check, and how many leads it covered. */
    public record Checked(List<Finding> findings, int leads) {
    }

    /** Keys reported in earlier rounds that a check no longer finds (late, not lost). */
    public Set<String> reportedKeys() {
        return Set.copyOf(reported);
    }

    private List<Finding> run(Collection<String> leads, int projectionSeconds) {
        List<Finding> findings = new ArrayList<>(EventChecks.leads(leads, index, ledger));
        findings.addAll(EventChecks.engagement(index, ledger));
        findings.addAll(EventChecks.deadLetters(index, ledger));
        findings.addAll(disagreeing(leads, projectionSeconds));
        return findings;
    }

    /**
     * Leads whose projections still disagree with the topics once {@code seconds} have passed. Leads a pass did not
     * reach before the deadline (APIs too slow to answer them all) are counted in {@link #uncompared()}, not as
     * disagreeing.
     */
    private List<Finding> disagreeing(Collection<String> leads, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Map<String, List<String>> open = new LinkedHashMap<>();
        leads.forEach(l -> open.put(l, null));
        while (true) {
            for (String lead : List.copyOf(open.keySet())) {
                if (System.nanoTime() > deadline && open.get(lead) != null) {
                    continue;
                }
                if (System.nanoTime() > deadline + TimeUnit.SECONDS.toNanos(seconds)) {
                    break;
                }
                List<String> problems = projections.compare(lead, LeadFold.of(index.lifecycle(lead)), index.ownership(lead));
                if (problems.isEmpty()) {
                    open.remove(lead);
                } else {
                    open.put(lead, problems);
                }
            }
            if (open.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            pause(1000);
            index.catchUp(Duration.ofSeconds(10));
        }
        List<Finding> findings = new ArrayList<>();
        uncompared = 0;
        for (Map.Entry<String, List<String>> lead : open.entrySet()) {
            if (lead.getValue() == null) {
                uncompared++;
            } else {
                findings.add(new Finding(Finding.Category.DISAGREEING, "projection:" + lead.getKey(),
                        "lead " + lead.getKey() + ": " + String.join("; ", lead.getValue())));
            }
        }
        return findings;
    }

    private int uncompared;

    /** Leads the last check could not compare before its deadline (twice the projection deadline at most). */
    public int uncompared() {
        return uncompared;
    }

    private List<Finding> fresh(List<Finding> findings) {
        List<Finding> fresh = new ArrayList<>();
        for (Finding finding : findings) {
            if (reported.add(finding.key())) {
                fresh.add(finding);
            }
        }
        return fresh;
    }

    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
