package dev.baton.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counters read before and after each step, to say where the time went: each service's garbage collections
 * ({@code jstat -gc}, no safepoint needed) and PostgreSQL's WAL, checkpoints and the state of marketing's outbox table.
 */
final class Diagnostics {

    /** Cumulative GC counters of one JVM: young and full collections, and their time in ms. */
    record Gc(long young, double youngMs, long full, double fullMs) {
        Gc minus(Gc before) {
            return new Gc(young - before.young, youngMs - before.youngMs, full - before.full, fullMs - before.fullMs);
        }
    }

    /**
     * Where the benchmark reads marketing's database: without parallel workers, which PostgreSQL otherwise forks for the
     * backlog count on a large engagement table (two extra processes per count on a two-core machine being measured).
     */
    static final String MARKETING_DB = "jdbc:postgresql://localhost:15432/marketing"
            + "?options=-c%20max_parallel_workers_per_gather%3D0";

    /**
     * Events marketing accepted that are not on Kafka yet: rows in its outbox, plus engagement rows past the point its
     * engagement feed has published (engagement is published from its own table, see EngagementFeed).
     */
    static final String UNPUBLISHED = "SELECT (SELECT count(*) FROM outbox) + (SELECT count(*) FROM engagement"
            + " WHERE seq > (SELECT seq FROM engagement_feed))";

    /** PostgreSQL counters: WAL bytes, checkpoints (timed + requested), and marketing's outbox table. */
    record Pg(double walBytes, long checkpoints, long checkpointsRequested, double checkpointWriteMs,
            double checkpointSyncMs, long outboxDeadTuples, long outboxVacuums, long outboxRows) {
    }

    /** What changed during a step. */
    record Delta(double seconds, Map<String, Gc> gc, Pg before, Pg after) {
        double walMbPerSecond() {
            return before == null || after == null ? Double.NaN
                    : (after.walBytes() - before.walBytes()) / 1e6 / seconds;
        }

        long checkpoints() {
            return before == null || after == null ? -1 : after.checkpoints() - before.checkpoints();
        }

        long outboxVacuums() {
            return before == null || after == null ? -1 : after.outboxVacuums() - before.outboxVacuums();
        }
    }

    /** A snapshot of every counter. */
    record Snapshot(long nanos, Map<String, Gc> gc, Pg pg) {
        Delta since(Snapshot before) {
            Map<String, Gc> gcDelta = new LinkedHashMap<>();
            gc.forEach((k, v) -> {
                Gc b = before.gc.get(k);
                if (b != null && v != null) {
                    gcDelta.put(k, v.minus(b));
                }
            });
            return new Delta((nanos - before.nanos) / 1e9, gcDelta, before.pg, pg);
        }
    }

    private Connection admin;
    private final Connection marketing;
    private final org.apache.kafka.clients.admin.Admin kafka;

    Diagnostics(String host, int port, Connection marketing, String bootstrap) {
        this.marketing = marketing;
        this.kafka = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", bootstrap,
                "request.timeout.ms", 5000, "default.api.timeout.ms", 10000));
        try {
            admin = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", "postgres",
                    "postgres");
        } catch (SQLException e) {
            admin = null;
        }
    }

    Snapshot take(Map<String, Long> jvms) {
        Map<String, Gc> gc = new LinkedHashMap<>();
        jvms.forEach((name, pid) -> gc.put(name, gc(pid)));
        return new Snapshot(System.nanoTime(), gc, pg());
    }

    /** Parses {@code jstat -gc PID}: a header line and a value line. */
    static Gc parseJstat(String output) {
        Map<String, String> m = jstatValues(output);
        try {
            return new Gc(Long.parseLong(m.get("YGC")), Double.parseDouble(m.get("YGCT")) * 1000,
                    Long.parseLong(m.get("FGC")), Double.parseDouble(m.get("FGCT")) * 1000);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** G1's concurrent cycles so far (jstat's CGC), or -1 (another collector, or no answer). */
    static long concurrentCycles(String output) {
        try {
            return Long.parseLong(jstatValues(output).get("CGC"));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    static long concurrentCycles(long pid) {
        return concurrentCycles(Procs.run(List.of(Procs.jdkTool("jstat"), "-gc", Long.toString(pid)), 10));
    }

    private static Map<String, String> jstatValues(String output) {
        String[] lines = output.trim().split("\n");
        Map<String, String> m = new LinkedHashMap<>();
        if (lines.length < 2) {
            return m;
        }
        String[] head = lines[lines.length - 2].trim().split("\\s+");
        String[] vals = lines[lines.length - 1].trim().split("\\s+");
        for (int i = 0; i < Math.min(head.length, vals.length); i++) {
            m.put(head[i], vals[i]);
        }
        return m;
    }

    static Gc gc(long pid) {
        return parseJstat(Procs.run(List.of(Procs.jdkTool("jstat"), "-gc", Long.toString(pid)), 10));
    }

    private Pg pg() {
        double wal = Double.NaN;
        long timed = -1;
        long requested = -1;
        double writeMs = Double.NaN;
        double syncMs = Double.NaN;
        if (admin != null) {
            try (Statement s = admin.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT wal_bytes FROM pg_stat_wal")) {
                    if (rs.next()) {
                        wal = rs.getDouble(1);
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT num_timed, num_requested, write_time, sync_time"
                        + " FROM pg_stat_checkpointer")) {
                    if (rs.next()) {
                        timed = rs.getLong(1);
                        requested = rs.getLong(2);
                        writeMs = rs.getDouble(3);
                        syncMs = rs.getDouble(4);
                    }
                }
            } catch (SQLException e) {
                // older server or no rights: leave unknown
            }
        }
        long dead = -1;
        long vacuums = -1;
        long rows = -1;
        try (Statement s = marketing.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT n_dead_tup, autovacuum_count + vacuum_count"
                    + " FROM pg_stat_user_tables WHERE relname = 'outbox'")) {
                if (rs.next()) {
                    dead = rs.getLong(1);
                    vacuums = rs.getLong(2);
                }
            }
            try (ResultSet rs = s.executeQuery(UNPUBLISHED)) {
                if (rs.next()) {
                    rows = rs.getLong(1);
                }
            }
        } catch (SQLException e) {
            // leave unknown
        }
        return new Pg(wal, timed < 0 ? -1 : timed + requested, requested, writeMs, syncMs, dead, vacuums, rows);
    }

    /**
     * Records each consuming group has not processed yet (end offsets minus committed offsets, over its partitions);
     * -1 when unknown. Offsets are committed every few seconds, so a group that just caught up shows some lag.
     */
    Map<String, Long> consumerLag(List<String> groups) {
        Map<String, Long> lag = new LinkedHashMap<>();
        for (String group : groups) {
            try {
                Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
                        kafka.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                                .get(10, java.util.concurrent.TimeUnit.SECONDS);
                Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                        new LinkedHashMap<>();
                committed.keySet().forEach(tp -> latest.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()));
                var ends = kafka.listOffsets(latest).all().get(10, java.util.concurrent.TimeUnit.SECONDS);
                long sum = 0;
                for (var e : committed.entrySet()) {
                    if (e.getValue() != null && ends.get(e.getKey()) != null) {
                        sum += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                    }
                }
                lag.put(group, sum);
            } catch (Exception e) {
                lag.put(group, -1L);
            }
        }
        return lag;
    }

    void close() {
        kafka.close(java.time.Duration.ofSeconds(5));
        try {
            if (admin != null) {
                admin.close();
            }
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
