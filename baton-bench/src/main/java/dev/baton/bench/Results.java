package dev.baton.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one run measured, for the report. */
final class Results {

    /**
     * One load step: what it measured, the CPU split, GC and database counters while it ran, and marketing's outbox
     * (events accepted but not yet published) before and after. It passes when the requests pass (p99, no error) and,
     * when {@code maxLagSeconds} &gt; 0, the outbox relay kept up: at the end, no more than that many seconds of events
     * wait in the outbox.
     */
    record Step(String phase, OpenLoop.Result result, Map<String, Double> cpuCores, long outboxAtStart,
            long outboxAtEnd, double drainSeconds, Diagnostics.Delta diagnostics, double maxLagSeconds,
            Map<String, Long> consumerLagAtEnd) {

        boolean relayKeptUp() {
            return maxLagSeconds <= 0 || outboxAtEnd < 0
                    || outboxAtEnd <= Math.max(1000, maxLagSeconds * result.targetEventsPerSecond());
        }

        boolean passed() {
            return result.passed() && relayKeptUp();
        }

        String failureReason() {
            if (!result.passed()) {
                return result.failureReason();
            }
            return relayKeptUp() ? "" : String.format(java.util.Locale.ROOT, "outbox relay behind: %,d events waiting "
                    + "(> %.0f s of ingestion)", outboxAtEnd, maxLagSeconds);
        }

        /** Events/s the outbox relay published during the step: accepted events minus the outbox's growth. */
        double relayEventsPerSecond() {
            if (outboxAtStart < 0 || outboxAtEnd < 0 || result.seconds() <= 0) {
                return Double.NaN;
            }
            return (result.ok() * (double) result.eventsPerRequest() - (outboxAtEnd - outboxAtStart))
                    / result.seconds();
        }
    }

    /** A service's memory after the run. */
    record Memory(String name, long pid, long rssKb, long hwmKb, long rssAnonKb, long rssFileKb, long threads,
            long heapCommittedKb, long heapUsedKb, long metaspaceCommittedKb, long codeCacheKb) {
    }

    /** Where the CPU went during a non-load phase (baselines). */
    record CpuPhase(String phase, double seconds, Map<String, Double> cpuCores) {
    }

    Options options;
    String command = "./bench";
    Instant started = Instant.now();
    Instant finished;
    Map<String, String> machine = new LinkedHashMap<>();
    double launcherReadySeconds = Double.NaN;
    Map<String, BatonRun.Start> starts = new LinkedHashMap<>();

    KafkaBaselines.Producer producer;
    KafkaBaselines.EndToEnd endToEnd;
    PgBaseline.Result pgSingle;
    PgBaseline.Result pgBatch;
    List<CpuPhase> baselineCpu = new ArrayList<>();
    List<String> problems = new ArrayList<>();

    List<Step> singleProbes = new ArrayList<>();
    List<Step> singleConfirms = new ArrayList<>();
    List<Step> batchProbes = new ArrayList<>();
    List<Step> batchConfirms = new ArrayList<>();
    /** What marketing's slow database work waited on during each step (steps by identity). */
    Map<Step, PgWaits.Counts> pgWaits = new IdentityHashMap<>();
    double singleSustained;
    double batchSustained;

    Lifecycle.Result lifecycle;
    Step lifecycleStep;
    double lifecycleBackgroundRate;
    Map<String, ConsumerCost.Cost> lifecycleCost = new LinkedHashMap<>();

    Lifecycle.Result overload;
    Step overloadStep;
    double overloadRate;
    long overloadAccepted;
    long overloadPublished;
    Map<String, ConsumerCost.Cost> overloadCost = new LinkedHashMap<>();

    List<Memory> memory = new ArrayList<>();
    /** Each service's RSS in kB at the end of the last step, before the idle wait. */
    Map<String, Long> rssAtEndKb = new LinkedHashMap<>();
    double memoryIdleSeconds;
    Map<String, String> classHistograms = new LinkedHashMap<>();
    Map<String, String> classHistogramsAtStart = new LinkedHashMap<>();
    List<Memory> infraMemory = new ArrayList<>();
    List<Profiler.Summary> profiles = new ArrayList<>();
    List<Step> profileSteps = new ArrayList<>();

    /** The 60-s steps the report details: the confirming steps (single, then batch) and the lifecycle step. */
    List<Step> sustainedSteps() {
        List<Step> steps = new ArrayList<>(singleConfirms);
        steps.addAll(batchConfirms);
        if (lifecycleStep != null) {
            steps.add(lifecycleStep);
        }
        if (overloadStep != null) {
            steps.add(overloadStep);
        }
        return steps;
    }

    Step lastPassing(List<Step> steps) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).passed()) {
                return steps.get(i);
            }
        }
        return null;
    }

    /** The confirming step that passed, else the last one tried. */
    Step confirmed(List<Step> confirms) {
        Step pass = lastPassing(confirms);
        return pass != null ? pass : confirms.isEmpty() ? null : confirms.get(confirms.size() - 1);
    }
}
