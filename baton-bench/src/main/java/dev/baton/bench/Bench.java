package dev.baton.bench;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one-command benchmark: starts Baton with its launcher, measures the physical limits of its broker and database
 * (Kafka's ProducerPerformance and EndToEndLatency, a JDBC transaction shaped like Baton's engagement write), then
 * Baton itself through its REST APIs (the highest sustained engagement ingestion rate, single and batch; the lifecycle
 * latency at half that rate; memory and time to ready), profiles the services, stops Baton and writes the report.
 */
public final class Bench {

    private final Options o;
    private final Results r = new Results();
    private final long t0 = System.nanoTime();
    private BatonRun baton;
    private Api api;
    private Connection marketingDb;
    private Diagnostics diagnostics;
    private ConsumerCost consumerCost;

    private Bench(Options o) {
        this.o = o;
        r.options = o;
        r.command = System.getProperty("bench.command", "./bench");
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        Options o = Options.parse(args);
        Files.createDirectories(o.runPath());
        Bench bench = new Bench(o);
        int code = bench.run();
        System.exit(code);
    }

    private void say(String line) {
        System.out.printf("[bench %5.0fs] %s%n", (System.nanoTime() - t0) / 1e9, line);
        System.out.flush();
    }

    private int run() {
        Path runDir = o.runPath();
        r.machine = Machine.describe();
        int code = 0;
        baton = new BatonRun(o.homePath(), runDir);
        Thread hook = new Thread(() -> {
            // Stopped from outside (Ctrl-C, SIGTERM): stop Baton, and still write what was measured so far.
            baton.close();
            r.problems.add("the run was interrupted (signal) before it finished; what is below is what it measured");
            r.finished = Instant.now();
            try {
                Report.write(r, runDir);
            } catch (Exception e) {
                System.out.println("[bench] could not write the partial report: " + e);
            }
        }, "bench-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            waitForQuietMachine();
            say("starting Baton (launcher --fresh --data " + baton.data() + ")");
            baton.start(o.launcherHeap, Duration.ofSeconds(240));
            r.launcherReadySeconds = baton.launcherReadySeconds();
            r.starts.putAll(baton.starts());
            say(String.format("all services ready in %.1f s (launcher); per service: %s", r.launcherReadySeconds,
                    r.starts.values().stream().map(s -> String.format("%s %.2f s", s.service(), s.readySeconds()))
                            .toList()));
            api = new Api(baton.data().resolve("tokens.env"), "localhost",
                    Duration.ofSeconds(o.requestTimeoutSeconds), o.visitors, o.httpClients);
            marketingDb = DriverManager.getConnection(Diagnostics.MARKETING_DB, "marketing",
                    "marketing");
            diagnostics = new Diagnostics("localhost", 15432, marketingDb, "localhost:9092");
            consumerCost = new ConsumerCost(DriverManager.getConnection("jdbc:postgresql://localhost:15432/postgres",
                    "postgres", "postgres"));
            classHistograms(r.classHistogramsAtStart);
            baselines();
            ingestion("single");
            ingestion("batch");
            lifecycle();
            overload();
            memory();
            profiles();
        } catch (Throwable e) {
            code = 1;
            r.problems.add("the run stopped early: " + e);
            say("FAILED: " + e);
            e.printStackTrace(System.out);
        } finally {
            if (diagnostics != null) {
                diagnostics.close();
            }
            try {
                if (marketingDb != null) {
                    marketingDb.close();
                }
            } catch (SQLException ignored) {
                // closing anyway
            }
            if (api != null) {
                api.close();
            }
            say("stopping Baton");
            baton.close();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        r.finished = Instant.now();
        try {
            Report.write(r, runDir);
            say("report: " + runDir.resolve("report.md"));
        } catch (Exception e) {
            say("could not write the report: " + e);
            e.printStackTrace(System.out);
            code = 1;
        }
        return code;
    }

    /** Waits (at most quietWaitSeconds) until the machine is nearly idle, so that other work does not skew the run. */
    private void waitForQuietMachine() throws InterruptedException {
        if (o.quietWaitSeconds <= 0) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(o.quietWaitSeconds).toNanos();
        while (true) {
            long[] a = Procs.machineTicks();
            Thread.sleep(5000);
            long[] b = Procs.machineTicks();
            double busy = (b[0] - a[0]) / (double) Procs.CLOCK_TICKS / 5.0;
            if (busy < o.otherCpuWarning) {
                say(String.format("machine quiet (%.2f cores busy)", busy));
                return;
            }
            if (System.nanoTime() > deadline) {
                r.problems.add(String.format("the machine was not quiet when the run started (%.2f cores busy)", busy));
                say(String.format("machine still busy (%.2f cores) after %d s: starting anyway", busy,
                        o.quietWaitSeconds));
                return;
            }
            say(String.format("machine busy (%.2f cores used by other processes): waiting", busy));
        }
    }

    // ---------------------------------------------------------------- CPU groups

    private Map<String, List<Long>> cpuGroups() {
        Map<String, List<Long>> groups = new LinkedHashMap<>();
        for (String service : BatonRun.SERVICES.keySet()) {
            OptionalLong pid = Procs.servicePid(service);
            groups.put(service, pid.isPresent() ? List.of(pid.getAsLong()) : List.of());
        }
        groups.put("kafka (launcher JVM)", List.of(baton.launcherPid()));
        groups.put("postgresql", Procs.postgresPids(baton.data().resolve("postgres").resolve("data")));
        List<Long> bench = new ArrayList<>(List.of(ProcessHandle.current().pid()));
        ProcessHandle.current().children().forEach(c -> {
            if (c.pid() != baton.launcherPid()) {
                bench.add(c.pid());
            }
        });
        groups.put("load generator / tools", bench);
        return groups;
    }

    private <T> T measuringCpu(Supplier<T> work, List<Map<String, Double>> out) {
        Procs.CpuSample before = Procs.CpuSample.take(cpuGroups());
        T result = work.get();
        out.add(Procs.CpuSample.take(cpuGroups()).coresSince(before));
        return result;
    }

    // ---------------------------------------------------------------- baselines

    private interface Work<T> {
        T run() throws Exception;
    }

    private <T> T phase(String name, Work<T> work) throws Exception {
        Procs.CpuSample before = Procs.CpuSample.take(cpuGroups());
        long start = System.nanoTime();
        T result = work.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        // The Kafka tools run as children of this JVM: count them under the load generator / tools.
        r.baselineCpu.add(new Results.CpuPhase(name, seconds, Procs.CpuSample.take(cpuGroups()).coresSince(before)));
        return result;
    }

    private void baselines() throws Exception {
        say("baselines on the same broker and database");
        KafkaBaselines kafka = new KafkaBaselines("localhost:9092", o.runPath());
        int partitions = kafka.engagementPartitions();
        kafka.createTopic("bench.producer-perf", partitions);
        kafka.createTopic("bench.e2e", 1);
        try {
            r.producer = phase("Kafka ProducerPerformance", () -> kafka.producerPerformance("bench.producer-perf",
                    o.kafkaRecords, o.kafkaRecordSize));
            say(String.format("  Kafka ProducerPerformance: %.0f records/s (%.1f MB/s), p99 %.0f ms (%d partitions)",
                    r.producer.recordsPerSecond(), r.producer.mbPerSecond(), r.producer.p99(), partitions));
            r.endToEnd = phase("Kafka EndToEndLatency", () -> kafka.endToEndLatency("bench.e2e", o.e2eRecords,
                    o.kafkaRecordSize));
            say(String.format("  Kafka EndToEndLatency: avg %.2f ms, p50 %.0f, p99 %.0f, p99.9 %.0f ms",
                    r.endToEnd.avgMs(), r.endToEnd.p50(), r.endToEnd.p99(), r.endToEnd.p999()));
        } catch (Exception e) {
            r.problems.add("Kafka baseline failed: " + e.getMessage());
            say("  Kafka baseline failed: " + e.getMessage());
        } finally {
            kafka.deleteTopics("bench.producer-perf", "bench.e2e");
        }
        PgBaseline pg = new PgBaseline("localhost", 15432);
        try {
            pg.prepare();
            r.pgSingle = phase("PostgreSQL two-insert transactions", () -> pg.run("1 engagement row + 1 outbox row "
                    + "per transaction", o.pgConnections, 1, Duration.ofSeconds(2), Duration.ofSeconds(o.pgSeconds)));
            say(String.format("  PostgreSQL two-insert transactions: %.0f tx/s, p99 %.2f ms (%s)",
                    r.pgSingle.transactionsPerSecond(), r.pgSingle.latency().p99(), r.pgSingle.where()));
            r.pgBatch = phase("PostgreSQL batch transactions", () -> pg.run(o.batchSize + " engagement rows + "
                    + o.batchSize + " outbox rows per transaction", o.pgBatchConnections, o.batchSize,
                    Duration.ofSeconds(2), Duration.ofSeconds(o.pgSeconds)));
            say(String.format("  PostgreSQL batch transactions: %.0f rows/s, p99 %.2f ms",
                    r.pgBatch.rowsPerSecond(), r.pgBatch.latency().p99()));
        } catch (Exception e) {
            r.problems.add("PostgreSQL baseline failed: " + e.getMessage());
            say("  PostgreSQL baseline failed: " + e);
        } finally {
            pg.cleanUp();
        }
    }

    // ---------------------------------------------------------------- ingestion

    private OpenLoop.Result load(String mode, double eventsPerSecond, int seconds, String name) {
        return load(mode, eventsPerSecond, seconds, name, "", mode.equals("single") ? 1000 : 100);
    }

    /**
     * @param idPrefix    the batch events' eventIds start with it (to find them on the topic)
     * @param maxInFlight requests outstanding at most before the step counts as failed and stops
     */
    private OpenLoop.Result load(String mode, double eventsPerSecond, int seconds, String name, String idPrefix,
            int maxInFlight) {
        boolean single = mode.equals("single");
        String token = api.token("INTEGRATION");
        int size = single ? 1 : o.batchSize;
        double requestRate = eventsPerSecond / size;
        OpenLoop.Action action = single ? seq -> api.engagementSingle(token)
                : seq -> api.engagementBatch(token, size, idPrefix);
        return OpenLoop.run(name, requestRate, size, Duration.ofSeconds(seconds), action, maxInFlight,
                Duration.ofSeconds(o.requestTimeoutSeconds + 2), o.p99LimitMs);
    }

    private Map<String, Long> jvms() {
        Map<String, Long> jvms = new LinkedHashMap<>();
        for (String service : BatonRun.SERVICES.keySet()) {
            Procs.servicePid(service).ifPresent(pid -> jvms.put(service, pid));
        }
        jvms.put("kafka (launcher JVM)", baton.launcherPid());
        return jvms;
    }

    /** How often marketing's database is asked what its slow statements wait on during a step (see PgWaits). */
    private static final Duration PG_WAIT_SAMPLING = Duration.ofMillis(20);

    private Results.Step step(String phase, Supplier<OpenLoop.Result> work) throws Exception {
        return step(phase, work, o.maxOutboxLagSeconds);
    }

    private Results.Step step(String phase, Supplier<OpenLoop.Result> work, double maxLag) throws Exception {
        Map<String, Long> jvms = jvms();
        long backlogBefore = outboxBacklog();
        Diagnostics.Snapshot before = diagnostics.take(jvms);
        List<Map<String, Double>> cpu = new ArrayList<>();
        // Sampled during every step, probes too, so that all of them run under the same extra query load; the report
        // lists the sustained ones.
        PgWaits waits = PgWaits.start(PG_WAIT_SAMPLING);
        OpenLoop.Result result;
        PgWaits.Counts waited = null;
        try {
            result = measuringCpu(work, cpu);
        } finally {
            if (waits != null) {
                waited = waits.stop();
            }
        }
        Diagnostics.Snapshot after = diagnostics.take(jvms);
        long backlog = after.pg().outboxRows() >= 0 ? after.pg().outboxRows() : outboxBacklog();
        Map<String, Long> lag = diagnostics.consumerLag(GROUPS);
        double drained = settle();
        Results.Step step = new Results.Step(phase, result, cpu.get(0), backlogBefore, backlog, drained,
                after.since(before), maxLag, lag);
        if (waited != null) {
            r.pgWaits.put(step, waited);
        }
        double outside = cpu.get(0).getOrDefault("other", 0.0);
        if (outside > o.otherCpuWarning) {
            String warning = String.format("during \"%s\", processes outside this run used %.2f cores of the machine's "
                    + "%d: that step's numbers are lower than a quiet machine would give", result.name(), outside,
                    Runtime.getRuntime().availableProcessors());
            r.problems.add(warning);
            say("  WARNING: " + warning);
        }
        Stats s = result.stats();
        Diagnostics.Gc gc = step.diagnostics().gc().get("marketing-service");
        say(String.format("  %-34s %8.0f ev/s -> %8.0f ev/s ok, p50 %6.2f p99 %7.2f p99.9 %7.2f max %7.1f ms, "
                        + "errors %d, outbox %d (relay %.0f ev/s), consumer lag %s, %.1f s to settle, marketing GC %s, "
                        + "WAL %.1f MB/s, %d checkpoints %s", result.name(), result.targetEventsPerSecond(),
                result.achievedEventsPerSecond(), s.p50(), s.p99(), s.p999(), s.max(), result.errors(), backlog,
                step.relayEventsPerSecond(), lag.values(), drained, gc == null ? "?" : String.format("%d young %.0f ms, %d full %.0f ms",
                        gc.young(), gc.youngMs(), gc.full(), gc.fullMs()), step.diagnostics().walMbPerSecond(),
                step.diagnostics().checkpoints(), step.passed() ? "PASS" : "FAIL " + step.failureReason()));
        return step;
    }

    private void ingestion(String mode) throws Exception {
        boolean single = mode.equals("single");
        double start = single ? o.singleStart : o.batchStart;
        say("engagement ingestion, " + mode + (single ? "" : " (" + o.batchSize + " events per batch)")
                + ": warm-up " + o.warmupSeconds + " s at " + (long) start + " events/s");
        load(mode, start, o.warmupSeconds, mode + " warm-up");
        settle();
        RateSearch search = new RateSearch(start, o.rampFactor, single ? o.singleMin : o.batchMin,
                single ? o.singleMax : o.batchMax, o.refineSteps, 0.05);
        List<Results.Step> probes = single ? r.singleProbes : r.batchProbes;
        while (!search.done()) {
            double rate = search.next();
            Results.Step step = step(mode + " probe", () -> load(mode, rate, o.probeSeconds,
                    mode + " probe " + o.probeSeconds + " s"));
            probes.add(step);
            boolean passed = step.passed();
            if (!step.result().passed()) {
                settle(); // an overloaded service may still be working through what it queued
            }
            if (!passed) {
                // A rate fails when it fails twice: one 8-s probe can fail on a single hiccup (a JIT deoptimisation,
                // an autovacuum pass), and a failure ends the ramp (a run once stopped at 1,172 single events/s after
                // one 229 ms request at 1,229, where other runs held 3,650-4,027 for 60 s).
                Results.Step again = step(mode + " probe (again)", () -> load(mode, rate, o.probeSeconds,
                        mode + " probe " + o.probeSeconds + " s, again"));
                probes.add(again);
                passed = again.passed();
                if (!again.result().passed()) {
                    settle();
                }
            }
            search.report(passed);
        }
        double rate = search.best() > 0 ? search.best() : (single ? o.singleMin : o.batchMin);
        List<Results.Step> confirms = single ? r.singleConfirms : r.batchConfirms;
        for (int attempt = 0; attempt <= o.confirmRetries; attempt++) {
            double confirmRate = rate;
            Results.Step step = step(mode + " confirm", () -> load(mode, confirmRate, o.confirmSeconds,
                    mode + " confirm " + o.confirmSeconds + " s"));
            confirms.add(step);
            if (step.passed()) {
                if (single) {
                    r.singleSustained = confirmRate;
                } else {
                    r.batchSustained = confirmRate;
                }
                break;
            }
            rate = RateSearch.round(rate * o.confirmStepDown);
        }
    }

    // ---------------------------------------------------------------- lifecycle

    private double backgroundRate() {
        return switch (o.lifecycleBackground) {
            case "none" -> 0;
            case "single" -> sustainedOrBest(r.singleSustained, r.singleConfirms) / 2;
            default -> sustainedOrBest(r.batchSustained, r.batchConfirms) / 2;
        };
    }

    private static double sustainedOrBest(double sustained, List<Results.Step> confirms) {
        if (sustained > 0) {
            return sustained;
        }
        return confirms.isEmpty() ? 0 : confirms.get(confirms.size() - 1).result().targetEventsPerSecond();
    }

    private Lifecycle.Result lifecycleRun(int seconds, String label) throws Exception {
        return lifecycleRun(seconds, label, backgroundRate());
    }

    private Lifecycle.Result lifecycleRun(int seconds, String label, double half) throws Exception {
        String mode = o.lifecycleBackground.equals("single") ? "single" : "batch";
        return lifecycleRun(seconds, label, mode, half, label + ": background " + mode
                + " ingestion at half the sustained rate", "", mode.equals("single") ? 1000 : 100);
    }

    private Lifecycle.Result lifecycleRun(int seconds, String label, String mode, double rate, String backgroundName,
            String idPrefix, int maxInFlight) throws Exception {
        Supplier<OpenLoop.Result> background = rate <= 0 ? () -> null
                : () -> load(mode, rate, seconds, backgroundName, idPrefix, maxInFlight);
        Lifecycle lifecycle = new Lifecycle(api, "localhost:9092", o.qualifyShare, o.wonShare,
                Duration.ofMillis(o.pollMillis), Duration.ofSeconds(30));
        return lifecycle.run(o.conversionsPerSecond, Duration.ofSeconds(seconds), background, o.p99LimitMs);
    }

    private void lifecycle() throws Exception {
        r.lifecycleBackgroundRate = backgroundRate();
        say(String.format("lifecycle: %.0f conversions/s (%.0f%% qualified) for %d s, beside %s ingestion at %.0f "
                        + "events/s", o.conversionsPerSecond, o.qualifyShare * 100, o.lifecycleSeconds,
                o.lifecycleBackground, r.lifecycleBackgroundRate));
        if (o.lifecycleWarmupSeconds > 0) {
            Lifecycle.Result warm = lifecycleRun(o.lifecycleWarmupSeconds, "lifecycle warm-up", 0);
            Stats w = Stats.of(warm.lifecycle());
            say(String.format("  warm-up (%d s, no background): qualify -> opportunity visible p50 %.1f p99 %.1f ms (%d)",
                    o.lifecycleWarmupSeconds, w.p50(), w.p99(), w.count()));
            settle();
        }
        Journeys run = journeys("lifecycle", () -> lifecycleRun(o.lifecycleSeconds, "lifecycle"));
        r.lifecycleStep = run.step();
        r.lifecycle = run.result();
        r.lifecycleCost = run.cost();
        Stats l = Stats.of(r.lifecycle.lifecycle());
        say(String.format("  qualify -> opportunity visible: p50 %.1f p99 %.1f p99.9 %.1f max %.1f ms (%d), errors %s",
                l.p50(), l.p99(), l.p999(), l.max(), l.count(), r.lifecycle.errors()));
    }

    /** Lifecycle journeys run as a step, with what the consumers cost over the step and its settling. */
    private record Journeys(Results.Step step, Lifecycle.Result result, Map<String, ConsumerCost.Cost> cost) {
    }

    private Journeys journeys(String phase, Callable<Lifecycle.Result> run) throws Exception {
        Map<String, ConsumerCost.Sample> before = consumerCost.take();
        Lifecycle.Result[] holder = new Lifecycle.Result[1];
        Results.Step step = step(phase, () -> {
            try {
                holder[0] = run.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return holder[0].conversions();
        }, 0);
        return new Journeys(step, holder[0], ConsumerCost.between(before, consumerCost.take()));
    }

    /** Prefix of the overload step's eventIds, to count them on the topic. */
    static final String OVERLOAD_PREFIX = "bench-overload-";

    /** The overload client keeps offering its rate, as a crowd of integrations would: it is the service that sheds. */
    private static final int OVERLOAD_IN_FLIGHT = 1000;

    /**
     * Batch ingestion at {@code overloadFactor} times the rate the run sustained, beside the same lifecycle journeys:
     * what admission control sheds (429), whether every accepted event reaches the topic, and the lifecycle latency.
     */
    private void overload() throws Exception {
        double sustained = sustainedOrBest(r.batchSustained, r.batchConfirms);
        if (o.overloadSeconds <= 0 || sustained <= 0) {
            say("overload: skipped (no batch rate measured)");
            return;
        }
        r.overloadRate = o.overloadFactor * sustained;
        say(String.format("overload: batch ingestion at %.0f events/s (%.1f x the sustained %.0f) for %d s beside "
                + "%.0f conversions/s", r.overloadRate, o.overloadFactor, sustained, o.overloadSeconds,
                o.conversionsPerSecond));
        settle();
        Map<org.apache.kafka.common.TopicPartition, Long> from = EngagementCount.ends("localhost:9092");
        Journeys run = journeys("overload", () -> lifecycleRun(o.overloadSeconds, "overload", "batch", r.overloadRate,
                "overload: batch ingestion at " + o.overloadFactor + " x the sustained rate", OVERLOAD_PREFIX,
                OVERLOAD_IN_FLIGHT));
        r.overloadStep = run.step();
        r.overload = run.result();
        r.overloadCost = run.cost();
        OpenLoop.Result background = r.overload.background();
        r.overloadAccepted = background.ok() * (long) background.eventsPerRequest();
        r.overloadPublished = EngagementCount.await("localhost:9092", from, OVERLOAD_PREFIX, r.overloadAccepted,
                Duration.ofSeconds(60));
        Stats l = Stats.of(r.overload.lifecycle());
        say(String.format("  shed %d of %d batch requests (429); accepted %d events, on the topic %d; qualify -> "
                        + "opportunity visible p50 %.1f p99 %.1f ms (%d), errors %s",
                background.errorReasons().getOrDefault("HTTP 429", 0L), background.scheduled(), r.overloadAccepted,
                r.overloadPublished, l.p50(), l.p99(), l.count(), r.overload.errors()));
    }

    // ---------------------------------------------------------------- memory and profiles

    private static final Pattern HEAP_TOTAL = Pattern.compile("total (\\d+)K, used (\\d+)K");
    private static final Pattern METASPACE = Pattern.compile("Metaspace\\s+used (\\d+)K, committed (\\d+)K");
    private static final Pattern CODE_USED = Pattern.compile("\\bused=(\\d+)Kb");

    static Results.Memory memoryOf(String name, long pid, boolean jvm) {
        long heapCommitted = -1;
        long heapUsed = -1;
        long metaspace = -1;
        long code = -1;
        if (jvm) {
            String heap = Procs.jcmd(pid, "GC.heap_info");
            Matcher m = HEAP_TOTAL.matcher(heap);
            heapCommitted = 0;
            heapUsed = 0;
            while (m.find()) {
                heapCommitted += Long.parseLong(m.group(1));
                heapUsed += Long.parseLong(m.group(2));
            }
            Matcher ms = METASPACE.matcher(heap);
            if (ms.find()) {
                metaspace = Long.parseLong(ms.group(2));
            }
            Matcher c = CODE_USED.matcher(Procs.jcmd(pid, "Compiler.codecache"));
            code = 0;
            while (c.find()) {
                code += Long.parseLong(c.group(1));
            }
        }
        return new Results.Memory(name, pid, Procs.statusKb(pid, "VmRSS"), Procs.statusKb(pid, "VmHWM"),
                Procs.statusKb(pid, "RssAnon"), Procs.statusKb(pid, "RssFile"),
                Procs.statusKb(pid, "Threads"), heapCommitted, heapUsed, metaspace, code);
    }

    private void memory() throws InterruptedException {
        long idleFrom = System.nanoTime();
        Map<Long, Long> cyclesBefore = new LinkedHashMap<>();
        for (String service : BatonRun.SERVICES.keySet()) {
            Procs.servicePid(service).ifPresent(pid -> {
                r.rssAtEndKb.put(service, Procs.statusKb(pid, "VmRSS"));
                cyclesBefore.put(pid, Diagnostics.concurrentCycles(pid));
            });
        }
        settle();
        // Until every service's collector has run its idle (periodic) cycle, which is when G1 gives heap back; at most
        // memoryIdleSeconds after the last step.
        Duration left = Duration.ofSeconds(o.memoryIdleSeconds).minusNanos(System.nanoTime() - idleFrom);
        if (!left.isNegative() && !left.isZero()) {
            try {
                Awaitility.await("every service's idle collection").atMost(left).pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(500)).until(() -> cyclesBefore.entrySet().stream()
                                .allMatch(e -> Diagnostics.concurrentCycles(e.getKey()) > e.getValue()));
            } catch (ConditionTimeoutException e) {
                // Read anyway (a serial collector has no such cycle): the report says how long it waited.
            }
        }
        r.memoryIdleSeconds = (System.nanoTime() - idleFrom) / 1e9;
        say(String.format("memory after the run (%.0f s after the last step; RSS at its end: %s)", r.memoryIdleSeconds,
                r.rssAtEndKb.entrySet().stream().map(e -> String.format("%s %.1f MB", e.getKey(), e.getValue() / 1024.0))
                        .toList()));
        for (String service : BatonRun.SERVICES.keySet()) {
            OptionalLong pid = Procs.servicePid(service);
            if (pid.isEmpty()) {
                r.problems.add(service + " is not running at the end of the run");
                continue;
            }
            Results.Memory m = memoryOf(service, pid.getAsLong(), true);
            r.memory.add(m);
            say(String.format("  %-18s RSS %6.1f MB (peak %6.1f MB), heap committed %6.1f MB, metaspace %5.1f MB, "
                            + "code %5.1f MB, %d threads", service, m.rssKb() / 1024.0, m.hwmKb() / 1024.0,
                    m.heapCommittedKb() / 1024.0, m.metaspaceCommittedKb() / 1024.0, m.codeCacheKb() / 1024.0,
                    m.threads()));
        }
        classHistograms(r.classHistograms);
        r.infraMemory.add(memoryOf("kafka (launcher JVM)", baton.launcherPid(), true));
        long pgPss = 0;
        List<Long> pg = Procs.postgresPids(baton.data().resolve("postgres").resolve("data"));
        for (long pid : pg) {
            pgPss += Math.max(0, Procs.smapsKb(pid, "Pss"));
        }
        r.infraMemory.add(new Results.Memory("postgresql (" + pg.size() + " processes; PSS, shared memory split "
                + "between them)", -1, pgPss, -1, -1, -1, -1, -1, -1, -1, -1));
    }

    /** The biggest classes on each service's heap (jcmd GC.class_histogram: a full GC first, so live objects). */
    private void classHistograms(Map<String, String> out) {
        for (String service : BatonRun.SERVICES.keySet()) {
            Procs.servicePid(service).ifPresent(pid -> {
                String histogram = Procs.jcmd(pid, "GC.class_histogram");
                String[] lines = histogram.split("\n");
                StringBuilder top = new StringBuilder();
                for (int i = 0; i < lines.length && i < 16; i++) {
                    top.append(lines[i]).append('\n');
                }
                for (String line : lines) {
                    if (line.startsWith("Total")) {
                        top.append(line).append('\n');
                    }
                }
                out.put(service, top.toString());
            });
        }
    }

    private void profiles() throws Exception {
        if (o.profileSeconds <= 0) {
            return;
        }
        say("profiles (JFR, " + o.profileSeconds + " s each after a " + PROFILE_WARMUP + " s warm-up with the recorder on)");
        Path dir = Files.createDirectories(o.runPath().resolve("profiles"));
        double single = sustainedOrBest(r.singleSustained, r.singleConfirms);
        double batch = sustainedOrBest(r.batchSustained, r.batchConfirms);
        profile(List.of("marketing-service"), "single", String.format("single-event ingestion at %.0f events/s", single),
                dir, () -> load("single", single / 2, PROFILE_WARMUP, "profile warm-up"),
                () -> load("single", single, o.profileSeconds, "profile: single"));
        profile(List.of("marketing-service"), "batch", String.format("batch ingestion at %.0f events/s", batch), dir,
                () -> load("batch", batch / 2, PROFILE_WARMUP, "profile warm-up"),
                () -> load("batch", batch, o.profileSeconds, "profile: batch"));
        Lifecycle.Result[] holder = new Lifecycle.Result[1];
        profile(List.of("marketing-service", "handoff-service", "sales-service"), "lifecycle",
                "lifecycle step (conversions, qualify, handoff, accept...) beside ingestion at half rate", dir,
                () -> backgroundRate() > 0 ? load("batch", backgroundRate(), PROFILE_WARMUP, "profile warm-up") : null,
                () -> {
                    try {
                        holder[0] = lifecycleRun(o.profileSeconds, "profile: lifecycle");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return holder[0].conversions();
                });
    }

    /** Seconds of load after the recorder starts and before the profiled window: JFR's start makes the JIT recompile. */
    private static final int PROFILE_WARMUP = 8;

    private void profile(List<String> services, String key, String scenario, Path dir, Supplier<OpenLoop.Result> warmup,
            Supplier<OpenLoop.Result> work) throws Exception {
        Map<String, Long> pids = new LinkedHashMap<>();
        Map<String, Path> files = new LinkedHashMap<>();
        for (String service : services) {
            long pid = Procs.servicePid(service).orElseThrow();
            Path file = dir.resolve(service + "-" + key + ".jfr");
            if (Profiler.start(pid, "bench-" + key, file)) {
                pids.put(service, pid);
                files.put(service, file);
            } else {
                r.problems.add("could not start JFR on " + service);
            }
        }
        warmup.get(); // the recorder's start-up and the recompilation it causes fall in this unmeasured part
        settle();
        Instant measured = Instant.now();
        Results.Step step = step("profile " + key, work, 0);
        r.profileSteps.add(step);
        for (Map.Entry<String, Long> e : pids.entrySet()) {
            Profiler.stop(e.getValue(), "bench-" + key);
        }
        for (Map.Entry<String, Path> e : files.entrySet()) {
            Profiler.Summary summary = Profiler.summarize(e.getKey(), scenario, e.getValue(), measured);
            r.profiles.add(summary);
            say(String.format("  %s during %s: %d samples; top: %s", e.getKey(), key, summary.samples(),
                    summary.categories().stream().limit(4).map(c -> c.getKey() + " " + c.getValue()).toList()));
        }
    }

    // ---------------------------------------------------------------- outbox

    private long outboxBacklog() {
        try (Statement s = marketingDb.createStatement(); ResultSet rs = s.executeQuery(Diagnostics.UNPUBLISHED)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    static final List<String> GROUPS = List.of("marketing-service", "handoff-service", "sales-service");

    /**
     * Waits (2 s at least, settleSeconds at most) until marketing's outbox is nearly empty and every service's
     * consumers have caught up with the topics, so that a step does not pay for the previous one's backlog; returns the
     * time waited.
     */
    private double settle() throws InterruptedException {
        long start = System.nanoTime();
        Thread.sleep(2000);
        long deadline = start + Duration.ofSeconds(o.settleSeconds).toNanos();
        while (System.nanoTime() < deadline) {
            long backlog = outboxBacklog();
            boolean caughtUp = diagnostics.consumerLag(GROUPS).values().stream().allMatch(l -> l >= 0 && l < 200);
            if (backlog >= 0 && backlog < o.settleBacklog && caughtUp) {
                break;
            }
            Thread.sleep(500);
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
