package dev.baton.faults.round;

import dev.baton.faults.check.Lag;
import dev.baton.faults.check.Verifier;
import dev.baton.faults.infra.Cluster;
import dev.baton.faults.infra.Replica;
import dev.baton.faults.workload.Ledger;
import dev.baton.faults.workload.Outcome;
import dev.baton.faults.workload.Poison;
import dev.baton.faults.workload.Throughput;
import dev.baton.faults.workload.Workload;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One round: the workload runs (its throughput is the baseline, a poison record goes out), one fault is injected, held
 * and healed; recovery is measured from the heal; then, the workload paused, the system settles and is checked.
 */
public final class Round {

    /** Throughput is judged over windows this long, starting at or after the heal. */
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Cluster cluster;
    private final Workload workload;
    private final Ledger ledger;
    private final Throughput throughput;
    private final Lag lag;
    private final Poison poison;
    private final Verifier verifier;
    private final Timings timings;
    private final Injector injector;
    private final Random random;
    private final Consumer<String> say;

    public Round(Cluster cluster, Workload workload, Ledger ledger, Throughput throughput, Lag lag, Poison poison,
            Verifier verifier, Timings timings, Random random, Consumer<String> say) {
        this.cluster = cluster;
        this.workload = workload;
        this.ledger = ledger;
        this.throughput = throughput;
        this.lag = lag;
        this.poison = poison;
        this.verifier = verifier;
        this.timings = timings;
        this.injector = new Injector(cluster, random, timings.halfOpenSeconds());
        this.random = random;
        this.say = say;
    }

    public RoundResult run(int number, FaultKind kind) {
        RoundResult result = new RoundResult(number, kind);
        long[] before = commandCounts();
        long strandedBefore = workload.stranded();
        workload.resume();
        long start = System.nanoTime();
        sendPoison(result);
        sleepUntil(start + TimeUnit.SECONDS.toNanos(timings.baselineSeconds()));
        // The first two seconds ramp up from the pause of the previous round's checks.
        result.baselineRate = throughput.rate(start + TimeUnit.SECONDS.toNanos(2), System.nanoTime());

        result.holdSeconds = timings.holds().draw(kind, random);
        Injector.Injected fault = injector.inject(kind);
        result.target = fault.target();
        result.mode = fault.mode();
        say.accept(String.format("round %d: %s: %s (%s) for %d s; baseline %.1f commands/s", number, kind, fault.target(),
                fault.mode(), result.holdSeconds, result.baselineRate));
        sleepUntil(System.nanoTime() + TimeUnit.SECONDS.toNanos(result.holdSeconds));
        long healed = System.nanoTime();
        try {
            fault.heal().run();
        } catch (RuntimeException e) {
            result.notes.add("healing failed: " + e.getMessage());
        }
        measureRecovery(result, healed);
        restoreFleet(result);

        workload.pause(30_000);
        result.drain = verifier.settle(timings.settleSeconds());
        if (result.drain == null) {
            result.notes.add("not settled within " + timings.settleSeconds() + " s (promised events missing or lag > 0)");
        }
        Verifier.Checked checked = verifier.check(timings.projectionSeconds());
        result.findings.addAll(checked.findings());
        result.leadsChecked = checked.leads();
        if (verifier.uncompared() > 0) {
            result.notes.add(verifier.uncompared() + " leads' projections not compared in time (APIs too slow)");
        }
        long[] after = commandCounts();
        result.commandsOk = after[0] - before[0];
        result.commandsRefused = after[1] - before[1];
        result.commandsUnknown = after[2] - before[2];
        result.commandsUnreachable = after[3] - before[3];
        result.stranded = workload.stranded() - strandedBefore;
        say.accept(String.format("round %d: recovery %s (throughput %s, lag %s), settled %s; %d leads checked, %d findings%s",
                number, secs(result.recovery()), secs(result.throughputRecovery), secs(result.lagRecovery),
                secs(result.drain), result.leadsChecked, result.findings.size(),
                result.notes.isEmpty() ? "" : "; " + String.join("; ", result.notes)));
        return result;
    }

    private void sendPoison(RoundResult result) {
        try {
            Poison.Sent sent = poison.sendNext();
            ledger.poisonSent(sent);
        } catch (Exception e) {
            result.notes.add("poison record not sent: " + e);
        }
    }

    /**
     * From the heal: when the throughput of a whole window is back to 90% of the baseline, and when the groups have
     * committed past the end offsets of the heal (the backlog the fault left is consumed).
     */
    private void measureRecovery(RoundResult result, long healed) {
        long deadline = healed + TimeUnit.SECONDS.toNanos(timings.recoverySeconds());
        Map<TopicPartition, Long> backlog = null;
        long windowStart = healed;
        while (System.nanoTime() < deadline) {
            long now = System.nanoTime();
            if (result.throughputRecovery == null) {
                for (; windowStart + WINDOW_NANOS <= now; windowStart += WINDOW_NANOS / 10) {
                    if (throughput.rate(windowStart, windowStart + WINDOW_NANOS) >= 0.9 * result.baselineRate) {
                        result.throughputRecovery = (windowStart - healed) / 1e9;
                        break;
                    }
                }
            }
            if (result.lagRecovery == null) {
                Lag.Snapshot snapshot = lag.snapshot();
                if (snapshot != null) {
                    if (backlog == null) {
                        backlog = snapshot.ends();
                        result.lagAtHeal = snapshot.behind(backlog);
                    }
                    if (snapshot.behind(backlog) == 0) {
                        result.lagRecovery = (System.nanoTime() - healed) / 1e9;
                    }
                }
            }
            if (result.throughputRecovery != null && result.lagRecovery != null) {
                return;
            }
            sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500));
        }
    }

    /** Every replica running and ready again before the checks; one that died on its own is noted and restarted. */
    private void restoreFleet(RoundResult result) {
        for (Replica replica : cluster.fleet().replicas()) {
            if (!replica.isAlive()) {
                result.notes.add(replica.name() + " had exited on its own; restarted");
                replica.start();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (Replica replica : cluster.fleet().replicas()) {
            if (!replica.awaitReady(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                result.notes.add(replica.name() + " not ready 120 s after the heal (live: " + replica.isServing() + ")");
            }
        }
    }

    private long[] commandCounts() {
        return new long[] {ledger.commands(Outcome.Kind.OK), ledger.commands(Outcome.Kind.REFUSED),
                ledger.commands(Outcome.Kind.UNKNOWN), ledger.commands(Outcome.Kind.UNREACHABLE)};
    }

    static String secs(Double seconds) {
        return seconds == null ? "—" : String.format("%.1f s", seconds);
    }

    private static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
