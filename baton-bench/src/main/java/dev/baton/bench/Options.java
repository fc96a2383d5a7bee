package dev.baton.bench;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's settings: every public field is an option, {@code --field-name value} on the command line
 * ({@code singleStart} is {@code --single-start}); {@code --quick} shortens every step (a smoke run, not a result).
 */
public final class Options {

    /** The repository root (where baton-launcher/ and the services are). */
    public String home = ".";
    /** The folder this run writes into (report.md, latency.svg, data/, logs). */
    public String runDir = "";

    // Ingestion: the rate search (short probes), then a confirming step at the rate found.
    public double p99LimitMs = 50;
    public int warmupSeconds = 20;
    public int probeSeconds = 8;
    public int confirmSeconds = 60;
    public int confirmRetries = 3;
    /**
     * Each confirming retry runs at this fraction of the previous rate. 0.9 rather than 0.8: a run that failed at
     * 20,971 (p99 55.7 ms) then reported 16,777, 20% below a rate it may well have held.
     */
    public double confirmStepDown = 0.9;
    public double rampFactor = 1.6;
    public int refineSteps = 3;
    public double singleStart = 300;
    public double singleMin = 100;
    public double singleMax = 30000;
    public double batchStart = 4000;
    public double batchMin = 500;
    public double batchMax = 200000;
    public int batchSize = 250;
    public int visitors = 100000;
    /** Between steps: wait until marketing's outbox holds fewer rows than this (at most settleSeconds). */
    public int settleBacklog = 1000;
    public int settleSeconds = 120;
    /**
     * A rate is sustained only if marketing's outbox relay keeps up: at the end of the step no more than this many
     * seconds of events wait to be published (0 = judge the 202s only, as the issue words it).
     */
    public double maxOutboxLagSeconds = 2;
    public int requestTimeoutSeconds = 10;
    /** Keep-alive HTTP connections per service that the requests are spread over. */
    public int httpClients = 32;

    // Lifecycle latency at half the sustained ingestion rate.
    public int lifecycleSeconds = 60;
    /**
     * Journeys before the measured lifecycle step, without background load: the handoff and sales code paths are cold
     * until then, and on two busy cores their JIT warm-up alone takes tens of seconds.
     */
    public int lifecycleWarmupSeconds = 30;
    public double conversionsPerSecond = 10;
    public double qualifyShare = 0.5;
    public double wonShare = 0.5;
    public int pollMillis = 10;
    /** batch, single or none: the ingestion that runs beside the lifecycle step, at half its sustained rate. */
    public String lifecycleBackground = "batch";
    public double lifecycleP99LimitMs = 250;
    /** The overload step: batch ingestion at overloadFactor x the sustained rate beside the lifecycle; 0 skips it. */
    public int overloadSeconds = 60;
    public double overloadFactor = 2;
    /** Under overload the lifecycle p99 must stay within this many times twice Kafka's end-to-end p99 (issue 27). */
    public double overloadRatioLimit = 20;

    // Baselines.
    public long kafkaRecords = 1500000;
    public int kafkaRecordSize = 500;
    public long e2eRecords = 5000;
    public int pgSeconds = 10;
    public int pgConnections = 16;
    public int pgBatchConnections = 4;

    // Targets.
    public double targetBatch = 20000;
    public double targetSingle = 3000;
    public double targetRssMb = 250;
    public double targetReadySeconds = 5;
    /**
     * "RSS after the run" is read once the consumers have caught up and every service's collector has run the cycle
     * that gives unused heap back (G1, after 10 s without a collection), at most this long after the last step. The RSS
     * at the end of the last step is reported beside it.
     */
    public int memoryIdleSeconds = 40;

    /** JFR profiles of the services during each kind of load (after the measures); 0 = none. */
    public int profileSeconds = 10;
    public String launcherHeap = "512m";
    /** Before starting, wait up to this long for the machine to be quiet (below otherCpuWarning cores busy). */
    public int quietWaitSeconds = 120;
    /** Warn (in the report) about a step during which other processes used more than this many cores. */
    public double otherCpuWarning = 0.25;
    public boolean quick;

    public static Options parse(String[] args) {
        Options o = new Options();
        Map<String, Field> fields = new LinkedHashMap<>();
        for (Field f : Options.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                fields.put(kebab(f.getName()), f);
            }
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(o.usage(fields));
                System.exit(0);
            }
            if (!arg.startsWith("--") || !fields.containsKey(arg.substring(2))) {
                throw new IllegalArgumentException("unknown option " + arg + "\n" + o.usage(fields));
            }
            Field f = fields.get(arg.substring(2));
            try {
                if (f.getType() == boolean.class) {
                    f.setBoolean(o, true);
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                String v = args[++i];
                if (f.getType() == int.class) {
                    f.setInt(o, Integer.parseInt(v));
                } else if (f.getType() == long.class) {
                    f.setLong(o, Long.parseLong(v));
                } else if (f.getType() == double.class) {
                    f.setDouble(o, Double.parseDouble(v));
                } else {
                    f.set(o, v);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        if (o.quick) {
            o.warmupSeconds = Math.min(o.warmupSeconds, 5);
            o.probeSeconds = Math.min(o.probeSeconds, 4);
            o.confirmSeconds = Math.min(o.confirmSeconds, 10);
            o.lifecycleSeconds = Math.min(o.lifecycleSeconds, 10);
            o.overloadSeconds = Math.min(o.overloadSeconds, 10);
            o.lifecycleWarmupSeconds = Math.min(o.lifecycleWarmupSeconds, 5);
            o.kafkaRecords = Math.min(o.kafkaRecords, 200000);
            o.e2eRecords = Math.min(o.e2eRecords, 1000);
            o.pgSeconds = Math.min(o.pgSeconds, 3);
            o.profileSeconds = Math.min(o.profileSeconds, 5);
            o.refineSteps = Math.min(o.refineSteps, 1);
            o.confirmRetries = 0;
        }
        if (o.runDir.isEmpty()) {
            throw new IllegalArgumentException("--run-dir is required\n" + o.usage(fields));
        }
        return o;
    }

    public Path homePath() {
        return Path.of(home).toAbsolutePath().normalize();
    }

    public Path runPath() {
        return Path.of(runDir).toAbsolutePath().normalize();
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The options as "--name value" pairs, for the report. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Field f : Options.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("home") || f.getName().equals("runDir")) {
                continue;
            }
            try {
                out.add("--" + kebab(f.getName()) + " " + f.get(this));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    private String usage(Map<String, Field> fields) {
        StringBuilder sb = new StringBuilder("options (defaults in brackets):\n");
        fields.forEach((name, f) -> {
            try {
                sb.append("  --").append(name).append(f.getType() == boolean.class ? "" : " <" + f.get(this) + ">")
                        .append('\n');
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        });
        return sb.toString();
    }
}
