package dev.baton.faults;

import dev.baton.faults.round.FaultKind;
import dev.baton.faults.round.Timings;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What a run does.
 *
 * @param home          the repository (where the packaged services are)
 * @param results       where the report folder goes ({@code results/faults})
 * @param work          where the run's broker, database, application copies and logs go
 * @param roundsPerKind rounds of each fault kind
 * @param kinds         the fault kinds
 * @param seed          of the random choices (faults, targets, durations, order)
 * @param portBase      first port of the run's layout
 * @param serviceHeap   -Xmx of each service replica
 * @param workers       workload threads walking leads
 * @param activeLeads   leads kept in flight
 * @param batchSize     engagement events per batch
 * @param batchInterval milliseconds between engagement batches
 * @param timings       how long each phase may take
 * @param keepData      keep the work folder (deleted otherwise, logs aside)
 * @param command       how the run was asked for (for the report)
 */
public record Options(Path home, Path results, Path work, int roundsPerKind, List<FaultKind> kinds, long seed,
        int portBase, String serviceHeap, int workers, int activeLeads, int batchSize, long batchInterval,
        Timings timings, boolean keepData, String command) {

    static final String USAGE = """
            usage: faults [--quick] [--rounds N] [--kinds K1,K2] [--seed S] [--port-base P] [--keep-data]
              --rounds N     rounds of every fault kind (default 20; --quick: 2)
              --quick        a few short rounds: short faults and deadlines (not a result)
              --kinds ...    only these kinds: KILL_REPLICA, KILL_BROKER, PAUSE_BROKER, STOP_POSTGRES,
                             CUT_BROKER_LINK, CUT_DATABASE_LINK
              --seed S       the random choices (default: the time)
              --port-base P  ports P..P+45 (default 19100)
              --keep-data    keep the broker's log, the database and the application copies
              --service-heap -Xmx of each replica (default 96m)
            """;

    /** The full run's defaults. */
    public static Options defaults(Path home) {
        return new Options(home, home.resolve("results/faults"), home.resolve("baton-faults/target/runs"), 20,
                List.of(FaultKind.values()), System.currentTimeMillis(), 19100, "96m", 6, 32, 25, 500, Timings.full(),
                false, "./faults");
    }

    /** The short variant the build runs: one round of each kind, short faults. */
    public static Options verify(Path home, Path results, Path work) {
        return new Options(home, results, work, 1, List.of(FaultKind.values()),
                Long.getLong("faults.seed", System.currentTimeMillis()), 18100, "96m", 6, 24, 25, 500,
                new Timings(6, 60, 60, 30, dev.baton.faults.round.Holds.quick(), 30), false,
                "./mvnw verify (FaultSuiteIT; -Dfaults.seed=S repeats its choices)");
    }

    public static Options parse(Path home, String command, String... args) {
        Options o = defaults(home).withCommand(command);
        boolean roundsGiven = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> o = new Options(o.home, o.results, o.work, roundsGiven ? o.roundsPerKind : 2, o.kinds,
                        o.seed, o.portBase, o.serviceHeap, o.workers, 24, o.batchSize, o.batchInterval, Timings.quick(),
                        o.keepData, o.command);
                case "--rounds" -> {
                    roundsGiven = true;
                    o = o.withRounds(Integer.parseInt(args[++i]));
                }
                case "--kinds" -> o = new Options(o.home, o.results, o.work, o.roundsPerKind, Arrays.stream(args[++i]
                        .split(",")).map(String::trim).map(FaultKind::valueOf).toList(), o.seed, o.portBase, o.serviceHeap,
                        o.workers, o.activeLeads, o.batchSize, o.batchInterval, o.timings, o.keepData, o.command);
                case "--seed" -> o = new Options(o.home, o.results, o.work, o.roundsPerKind, o.kinds, Long.parseLong(args[++i]),
                        o.portBase, o.serviceHeap, o.workers, o.activeLeads, o.batchSize, o.batchInterval, o.timings,
                        o.keepData, o.command);
                case "--port-base" -> o = new Options(o.home, o.results, o.work, o.roundsPerKind, o.kinds, o.seed,
                        Integer.parseInt(args[++i]), o.serviceHeap, o.workers, o.activeLeads, o.batchSize, o.batchInterval,
                        o.timings, o.keepData, o.command);
                case "--service-heap" -> o = new Options(o.home, o.results, o.work, o.roundsPerKind, o.kinds, o.seed,
                        o.portBase, args[++i], o.workers, o.activeLeads, o.batchSize, o.batchInterval, o.timings,
                        o.keepData, o.command);
                case "--keep-data" -> o = new Options(o.home, o.results, o.work, o.roundsPerKind, o.kinds, o.seed,
                        o.portBase, o.serviceHeap, o.workers, o.activeLeads, o.batchSize, o.batchInterval, o.timings, true,
                        o.command);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        return o;
    }

    Options withRounds(int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1");
        }
        return new Options(home, results, work, rounds, kinds, seed, portBase, serviceHeap, workers, activeLeads,
                batchSize, batchInterval, timings, keepData, command);
    }

    Options withCommand(String how) {
        return new Options(home, results, work, roundsPerKind, kinds, seed, portBase, serviceHeap, workers, activeLeads,
                batchSize, batchInterval, timings, keepData, how);
    }
}
