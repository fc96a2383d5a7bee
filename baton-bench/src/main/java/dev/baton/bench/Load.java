package dev.baton.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A single load step against a Baton that is already running (./baton), for investigating one thing at a time: prints
 * marketing's outbox backlog every second while it runs, then the step's latency.
 *
 * <pre>
 * java -cp baton-bench/target/baton-bench.jar dev.baton.bench.Load DATA/tokens.env single|batch EVENTS_PER_S SECONDS [BATCH]
 * </pre>
 */
public final class Load {

    private Load() {
    }

    /** Lifecycle journeys only (no background ingestion): each stage's latency. */
    static void lifecycle(Path tokens, double conversionsPerSecond, int seconds) throws Exception {
        try (Api api = new Api(tokens, "localhost", Duration.ofSeconds(10), 100_000)) {
            Lifecycle.Result r = new Lifecycle(api, "localhost:9092", 0.5, 0.5, Duration.ofMillis(10),
                    Duration.ofSeconds(30)).run(conversionsPerSecond, Duration.ofSeconds(seconds), () -> null, 50);
            print("qualify -> opportunity visible", Stats.of(r.lifecycle()));
            print("conversion", r.conversions().stats());
            print("qualify 200", Stats.of(r.qualify()));
            print("stage marketing relay", Stats.of(r.stageMarketingRelay()));
            print("stage handoff", Stats.of(r.stageHandoff()));
            print("stage sales", Stats.of(r.stageSales()));
            print("accept -> OPEN", Stats.of(r.acceptToOpen()));
            System.out.println(r.counts() + " " + r.errors());
        }
    }

    private static void print(String what, Stats s) {
        System.out.printf("%-32s p50 %8.1f p99 %8.1f p99.9 %8.1f max %8.1f ms (%d)%n", what, s.p50(), s.p99(), s.p999(),
                s.max(), s.count());
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        if (args.length < 4) {
            System.err.println("usage: Load TOKENS_FILE single|batch EVENTS_PER_S SECONDS [BATCH_SIZE]");
            System.exit(2);
        }
        if (args[1].equals("lifecycle")) {
            lifecycle(Path.of(args[0]), Double.parseDouble(args[2]), Integer.parseInt(args[3]));
            System.exit(0);
        }
        boolean single = args[1].equals("single");
        double rate = Double.parseDouble(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int size = single ? 1 : args.length > 4 ? Integer.parseInt(args[4]) : 250;
        int clients = Integer.parseInt(System.getProperty("clients", "32"));
        try (Api api = new Api(Path.of(args[0]), "localhost", Duration.ofSeconds(10), 100_000, clients);
             Connection db = DriverManager.getConnection(Diagnostics.MARKETING_DB, "marketing",
                     "marketing")) {
            String token = api.token("INTEGRATION");
            double requestRate = rate / size;
            int slots = seconds + 30;
            org.HdrHistogram.ConcurrentHistogram[] perSecond = new org.HdrHistogram.ConcurrentHistogram[slots];
            for (int i = 0; i < slots; i++) {
                perSecond[i] = new org.HdrHistogram.ConcurrentHistogram(60_000_000L, 2);
            }
            Connection admin = DriverManager.getConnection("jdbc:postgresql://localhost:15432/postgres", "postgres",
                    "postgres");
            // Once a second from 5 s on (after the client's warm-up): the outbox, PostgreSQL's background work and
            // the latency of the second that just ended.
            long t0 = System.nanoTime() + 5_000_000_000L;
            java.util.concurrent.ScheduledExecutorService monitor = java.util.concurrent.Executors
                    .newSingleThreadScheduledExecutor(r -> {
                        Thread t = new Thread(r, "monitor");
                        t.setDaemon(true);
                        return t;
                    });
            monitor.scheduleAtFixedRate(() -> {
                try (Statement a = admin.createStatement(); Statement s = db.createStatement()) {
                    long checkpoints;
                    long vacuums;
                    try (ResultSet rs = a.executeQuery("SELECT num_timed + num_requested, (SELECT count(*) FROM"
                            + " pg_stat_activity WHERE backend_type = 'autovacuum worker') FROM pg_stat_checkpointer")) {
                        rs.next();
                        checkpoints = rs.getLong(1);
                        vacuums = rs.getLong(2);
                    }
                    int sec = (int) ((System.nanoTime() - t0) / 1_000_000_000L) - 1;
                    String last = sec >= 0 && sec < slots && perSecond[sec].getTotalCount() > 0
                            ? String.format("second %3d: p50 %6.1f p99 %7.1f max %7.1f ms (%d)", sec,
                            perSecond[sec].getValueAtPercentile(50) / 1000.0,
                            perSecond[sec].getValueAtPercentile(99) / 1000.0, perSecond[sec].getMaxValue() / 1000.0,
                            perSecond[sec].getTotalCount()) : "";
                    try (ResultSet rs = s.executeQuery("SELECT (" + Diagnostics.UNPUBLISHED
                            + "), (SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'outbox')")) {
                        rs.next();
                        System.out.printf("%6.1f s  unpublished %,9d, outbox dead %,9d, checkpoints %d, autovacuum %d | %s%n",
                                (System.nanoTime() - t0) / 1e9, rs.getLong(1), rs.getLong(2), checkpoints, vacuums,
                                last);
                    }
                } catch (Exception e) {
                    System.out.println("monitor: " + e);
                }
            }, 5, 1, TimeUnit.SECONDS);
            // This JVM's own warm-up (JIT, connections): 5 s at a quarter of the rate, not measured.
            OpenLoop.run("client warm-up", rate / size / 4, size, Duration.ofSeconds(5),
                    single ? seq -> api.engagementSingle(token) : seq -> api.engagementBatch(token, size), 1000,
                    Duration.ofSeconds(12), 50);
            OpenLoop.Result r = OpenLoop.run(args[1] + " at " + rate, rate / size, size, Duration.ofSeconds(seconds),
                    seq -> {
                        long sent = System.nanoTime();
                        int sec = (int) Math.min(slots - 1, (long) (seq / requestRate));
                        return (single ? api.engagementSingle(token) : api.engagementBatch(token, size))
                                .whenComplete((v, t) -> perSecond[sec].recordValue(
                                        Math.min(59_000_000L, (System.nanoTime() - sent) / 1000)));
                    },
                    single ? 1000 : 100, Duration.ofSeconds(12), 50);
            monitor.shutdownNow();
            admin.close();
            Stats s = r.stats();
            System.out.printf("%s: %.0f events/s ok, p50 %.2f p99 %.2f p99.9 %.2f max %.1f ms, %d requests, errors %d %s%n",
                    r.name(), r.achievedEventsPerSecond(), s.p50(), s.p99(), s.p999(), s.max(), s.count(), r.errors(),
                    r.errorReasons());
        }
        System.exit(0);
    }
}
