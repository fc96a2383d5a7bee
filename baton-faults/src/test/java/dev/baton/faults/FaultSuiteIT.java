package dev.baton.faults;

import dev.baton.faults.check.Finding;
import dev.baton.faults.round.FaultKind;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build's short fault run: the packaged services, two replicas each, one round of every fault kind with short
 * faults (the same suite as {@code ./faults --quick}); nothing may be lost, applied twice or left disagreeing.
 */
class FaultSuiteIT {

    private static final Path ROOT = Path.of(System.getProperty("baton.root", "..")).toAbsolutePath().normalize();

    @Test
    void oneRoundOfEveryFaultKeepsEveryPromise() throws Exception {
        Faults.quietClients();
        Path target = ROOT.resolve("baton-faults/target");
        Options options = Options.verify(ROOT, target.resolve("faults-report"), target.resolve("faults-it"));

        long start = System.nanoTime();
        Suite.Outcome outcome = new Suite(options, line -> System.out.printf("[faults-it %ds] %s%n",
                (System.nanoTime() - start) / 1_000_000_000L, line)).run();

        String report = "see " + outcome.report();
        assertThat(outcome.rounds()).as("rounds run").hasSize(options.kinds().size());
        assertThat(outcome.total(Finding.Category.LOST)).as("lost; " + report).isZero();
        assertThat(outcome.total(Finding.Category.DUPLICATED)).as("duplicated; " + report).isZero();
        assertThat(outcome.total(Finding.Category.DISAGREEING)).as("disagreeing projections; " + report).isZero();
        assertThat(outcome.total(Finding.Category.SEQUENCE_GAP)).as("sequence gaps; " + report).isZero();
        assertThat(outcome.total(Finding.Category.REORDERED)).as("reordered; " + report).isZero();
        assertThat(outcome.total(Finding.Category.DLQ_UNEXPECTED) + outcome.total(Finding.Category.DLQ_MISSING))
                .as("dead letters other than the poison sent; " + report).isZero();
        // Fast takeover: a replica killed with kill -9 gave its partitions up within seconds (10-s session timeout);
        // with Kafka's default 45 s the backlog took 34-56 s to be consumed again.
        outcome.rounds().stream().filter(r -> r.kind == FaultKind.KILL_REPLICA).forEach(r -> assertThat(r.lagRecovery)
                .as("backlog consumed after kill -9 of %s, s; %s", r.target, report).isNotNull().isLessThan(30.0));
    }
}
