package dev.baton.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * PostgreSQL's limit for Baton's write shape, on the running system's server: transactions that insert one engagement
 * row and one outbox row (the same columns, keys and indexes as Baton's tables) and commit, from several connections
 * as fast as they go; and the same with a batch of rows per transaction. Uses a scratch database {@code bench}
 * (created with the embedded server's superuser) or, failing that, scratch tables in the marketing database.
 */
final class PgBaseline {

    record Result(String shape, int connections, int rowsPerTable, double seconds, long transactions,
            double transactionsPerSecond, double rowsPerSecond, Stats latency, Histogram histogram, String where) {
    }

    private static final String HEADERS = "{\"ce_id\":\"%s\",\"ce_source\":\"marketing-service\",\"ce_specversion\":\"1.0\","
            + "\"ce_type\":\"dev.baton.marketing.engagement-recorded.v1\",\"ce_subject\":\"bench-v-1\",\"ce_time\":"
            + "\"2025-01-01T00:00:00Z\",\"content-type\":\"application/json\",\"ce_dataschema\":"
            + "\"https://baton.dev/schemas/marketing.engagement-recorded.v1.json\"}";
    private static final String PAYLOAD = "{\"eventId\":\"%s\",\"visitorId\":\"bench-v-1\",\"leadId\":null,\"type\":"
            + "\"PAGE_VIEW\",\"occurredAt\":\"2025-01-01T00:00:00Z\",\"properties\":{\"page\":\"/pricing\",\"referrer\":"
            + "\"bench\"}}";

    private final String host;
    private final int port;
    private String url;
    private String user;
    private String password;
    private String where;
    private boolean scratchDatabase;

    PgBaseline(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Creates the scratch database (or tables). */
    void prepare() throws SQLException {
        String admin = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(admin, "postgres", "postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS bench");
            s.execute("CREATE DATABASE bench");
            url = "jdbc:postgresql://" + host + ":" + port + "/bench";
            user = "postgres";
            password = "postgres";
            scratchDatabase = true;
            where = "scratch database `bench` on the same server";
        } catch (SQLException e) {
            url = "jdbc:postgresql://" + host + ":" + port + "/marketing";
            user = "marketing";
            password = "marketing";
            where = "scratch tables bench_* in database `marketing` (no superuser: " + e.getMessage() + ")";
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_engagement, bench_outbox");
            s.execute("CREATE TABLE bench_engagement (event_id TEXT PRIMARY KEY, visitor_id TEXT, lead_id UUID,"
                    + " type TEXT NOT NULL, occurred_at TIMESTAMPTZ NOT NULL, properties JSONB,"
                    + " recorded_at TIMESTAMPTZ NOT NULL DEFAULT now())");
            s.execute("CREATE INDEX ON bench_engagement (visitor_id)");
            s.execute("CREATE INDEX ON bench_engagement (lead_id)");
            s.execute("CREATE TABLE bench_outbox (id BIGSERIAL PRIMARY KEY, event_id UUID NOT NULL UNIQUE,"
                    + " topic TEXT NOT NULL, message_key TEXT NOT NULL, headers JSONB NOT NULL, payload TEXT NOT NULL,"
                    + " created_at TIMESTAMPTZ NOT NULL DEFAULT now())");
        }
    }

    void cleanUp() {
        try {
            if (scratchDatabase) {
                try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres",
                        "postgres", "postgres"); Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS bench WITH (FORCE)");
                }
            } else {
                try (Connection c = connect(); Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS bench_engagement, bench_outbox");
                }
            }
        } catch (SQLException e) {
            System.out.println("[bench] could not drop the PostgreSQL baseline's scratch data: " + e.getMessage());
        }
    }

    private Connection connect() throws SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("reWriteBatchedInserts", "true");
        return DriverManager.getConnection(url, props);
    }

    /**
     * {@code connections} threads, each committing transactions of {@code rows} engagement rows + {@code rows} outbox
     * rows as fast as it can for {@code duration} (after {@code warmup}).
     */
    Result run(String shape, int connections, int rows, Duration warmup, Duration duration) throws Exception {
        ConcurrentHistogram histogram = new ConcurrentHistogram(Duration.ofMinutes(1).toNanos() / 1000, 3);
        LongAdder committed = new LongAdder();
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < connections; t++) {
            Thread thread = new Thread(() -> {
                try (Connection c = connect()) {
                    c.setAutoCommit(false);
                    PreparedStatement engagement = c.prepareStatement("INSERT INTO bench_engagement (event_id,"
                            + " visitor_id, lead_id, type, occurred_at, properties) VALUES (?, ?, NULL, ?, ?, ?::jsonb)");
                    PreparedStatement outbox = c.prepareStatement("INSERT INTO bench_outbox (event_id, topic,"
                            + " message_key, headers, payload) VALUES (?, ?, ?, ?::jsonb, ?)");
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    Timestamp now = new Timestamp(System.currentTimeMillis());
                    while (true) {
                        long started = System.nanoTime();
                        if (started >= end) {
                            break;
                        }
                        for (int i = 0; i < rows; i++) {
                            UUID id = new UUID(random.nextLong(), random.nextLong());
                            String visitor = "bench-v-" + random.nextInt(50_000);
                            engagement.setString(1, id.toString());
                            engagement.setString(2, visitor);
                            engagement.setString(3, "PAGE_VIEW");
                            engagement.setTimestamp(4, now);
                            engagement.setString(5, "{\"page\":\"/pricing\",\"referrer\":\"bench\"}");
                            outbox.setObject(1, id);
                            outbox.setString(2, "marketing.engagement.v1");
                            outbox.setString(3, visitor);
                            outbox.setString(4, String.format(HEADERS, id));
                            outbox.setString(5, String.format(PAYLOAD, id));
                            if (rows == 1) {
                                engagement.executeUpdate();
                                outbox.executeUpdate();
                            } else {
                                engagement.addBatch();
                                outbox.addBatch();
                            }
                        }
                        if (rows > 1) {
                            engagement.executeBatch();
                            outbox.executeBatch();
                        }
                        c.commit();
                        long done = System.nanoTime();
                        if (started >= measureFrom) {
                            histogram.recordValue((done - started) / 1000);
                            committed.increment();
                        }
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            }, "bench-pg-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        double seconds = duration.toNanos() / 1e9;
        long tx = committed.sum();
        return new Result(shape, connections, rows, seconds, tx, tx / seconds, tx * (double) rows / seconds,
                Stats.of(histogram), histogram.copy(), where);
    }
}
