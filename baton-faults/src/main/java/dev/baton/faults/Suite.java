package dev.baton.faults;

import dev.baton.faults.check.EventChecks;
import dev.baton.faults.check.Finding;
import dev.baton.faults.check.Lag;
import dev.baton.faults.check.Projections;
import dev.baton.faults.check.TopicIndex;
import dev.baton.faults.check.Verifier;
import dev.baton.faults.infra.Cluster;
import dev.baton.faults.infra.Ports;
import dev.baton.faults.report.Report;
import dev.baton.faults.round.FaultKind;
import dev.baton.faults.round.Round;
import dev.baton.faults.round.RoundResult;
import dev.baton.faults.round.Timings;
import dev.baton.faults.workload.Api;
import dev.baton.faults.workload.Ledger;
import dev.baton.faults.workload.Poison;
import dev.baton.faults.workload.Throughput;
import dev.baton.faults.workload.Workload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/** A whole run: start everything, warm up, the rounds in random order, a final check of every lead, the report. */
public final class Suite {

    /**
     * What a run produced.
     *
     * @param finalFindings what the final check found that no round had reported
     */
    public record Outcome(Path report, List<RoundResult> rounds, List<Finding> finalFindings) {

        public long total(Finding.Category category) {
            return Report.total(rounds, category) + finalFindings.stream().filter(f -> f.category() == category).count();
        }
    }

    private final Options options;
    private final Consumer<String> say;

    public Suite(Options options, Consumer<String> say) {
        this.options = options;
        this.say = say;
    }

    public Outcome run() throws IOException {
        long started = System.nanoTime();
        String stamp = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        Path work = Files.createDirectories(options.work().resolve(stamp));
        Path out = Files.createDirectories(options.results().resolve(stamp));
        say.accept("run " + stamp + ": report in " + out + ", broker, database and logs in " + work + "; seed " + options.seed());
        Random random = new Random(options.seed());
        packaged = Machine.packaged(options.home());
        List<FaultKind> plan = new ArrayList<>();
        for (FaultKind kind : options.kinds()) {
            for (int i = 0; i < options.roundsPerKind(); i++) {
                plan.add(kind);
            }
        }
        Collections.shuffle(plan, random);
        List<RoundResult> results = new ArrayList<>();
        Verifier.Checked last;
        Ledger ledger = new Ledger();
        try (Cluster cluster = Cluster.start(options.home(), work, new Ports(options.portBase()), options.serviceHeap(), say);
             Lag lag = new Lag(cluster.broker.bootstrap());
             TopicIndex index = new TopicIndex(cluster.broker.bootstrap());
             Poison poison = new Poison(cluster.broker.bootstrap())) {
            Api api = new Api(cluster.fleet(), Duration.ofSeconds(8));
            Throughput throughput = new Throughput();
            Verifier verifier = new Verifier(index, ledger, lag, new Projections(api, cluster.tokens));
            try (Workload workload = new Workload(api, cluster.tokens, ledger, throughput, options.workers(),
                    options.activeLeads(), options.batchSize(), options.batchInterval())) {
                warmUp(workload, verifier);
                Round round = new Round(cluster, workload, ledger, throughput, lag, poison, verifier, options.timings(),
                        random, say);
                for (int i = 0; i < plan.size(); i++) {
                    results.add(round.run(i + 1, plan.get(i)));
                    writeReport(out, stamp, started, results, List.of(), 0, index, ledger, "(in progress)");
                }
                workload.pause(30_000);
            }
            say.accept("final check of every lead...");
            verifier.settle(options.timings().settleSeconds());
            java.util.Set<String> reported = verifier.reportedKeys();
            last = verifier.checkAll(options.timings().projectionSeconds());
            stillBroken = last.findings().stream().map(Finding::key).collect(java.util.stream.Collectors.toSet());
            List<Finding> fresh = last.findings().stream().filter(f -> !reported.contains(f.key())).toList();
            Path report = writeReport(out, stamp, started, results, fresh, last.leads(), index, ledger, "");
            say.accept("report: " + report);
            return new Outcome(report, results, fresh);
        } finally {
            if (!options.keepData()) {
                deleteData(work);
            }
        }
    }

    /** JIT and connection pools warm, one poison-free minute of the workload not measured as a round. */
    private void warmUp(Workload workload, Verifier verifier) {
        say.accept("warming up the workload...");
        workload.resume();
        long until = System.nanoTime() + Duration.ofSeconds(options.timings().baselineSeconds()).toNanos();
        while (System.nanoTime() < until) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        workload.pause(30_000);
        verifier.settle(options.timings().settleSeconds());
    }

    private String packaged;
    /** Keys of what the final check still found broken (null until then). */
    private java.util.Set<String> stillBroken;

    private Path writeReport(Path out, String stamp, long started, List<RoundResult> results, List<Finding> finalFindings,
            int finalLeads, TopicIndex index, Ledger ledger, String state) throws IOException {
        Timings t = options.timings();
        String settings = String.format("Settings: %d round(s) of each of %d fault kinds in random order (seed %d); two "
                        + "replicas of each service (-Xmx%s); %d workload threads keeping %d leads in flight, engagement "
                        + "batches of %d every %d ms; baseline %d s, recovery deadline %d s, settle deadline %d s, "
                        + "projection deadline %d s; fault durations: %s. %s",
                options.roundsPerKind(), options.kinds().size(), options.seed(), options.serviceHeap(), options.workers(),
                options.activeLeads(), options.batchSize(), options.batchInterval(), t.baselineSeconds(),
                t.recoverySeconds(), t.settleSeconds(), t.projectionSeconds(),
                String.join(", ", options.kinds().stream().map(k -> k + " " + t.holds().describe(k)).toList()), state);
        Report.Run run = new Report.Run(stamp, options.command(), Machine.commit(options.home()) + " (" + packaged + ")", Machine.describe(),
                settings, (System.nanoTime() - started) / 1_000_000_000L, results, finalFindings, finalLeads, stillBroken,
                index.republished(), EventChecks.deadLetterRepeats(index), ledger.engagementRecorded().size(),
                ledger.poison().size());
        Files.writeString(out.resolve("rounds.csv"), Report.csv(results));
        return Files.writeString(out.resolve("report.md"), Report.markdown(run));
    }

    /** The broker's log, the database and the application copies go; the logs stay (for a finding's evidence). */
    private static void deleteData(Path work) {
        for (String dir : List.of("kafka", "postgres", "apps")) {
            try {
                Machine.deleteTree(work.resolve(dir));
            } catch (IOException e) {
                System.err.println("[faults] could not delete " + work.resolve(dir) + ": " + e);
            }
        }
    }
}
