package dev.baton.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * What marketing's slow database work waits on while a step runs: {@code pg_stat_activity} sampled at a fixed interval,
 * counting every backend of marketing's database whose statement has run longer than {@link #SLOW} (by statement and
 * wait event, "CPU" when it waits on nothing PostgreSQL knows) or whose transaction has sat that long waiting for the
 * service to send its next statement ("idle in transaction"). One query per sample on a connection of its own, closed
 * by {@link #stop()}.
 */
final class PgWaits {

    /** A statement running (or a transaction idle) longer than this is slow for a 50-ms target. */
    static final Duration SLOW = Duration.ofMillis(25);

    static final String SAMPLE = "SELECT split_part(ltrim(query), ' ', 1) AS statement, CASE WHEN state = 'active'"
            + " THEN coalesce(wait_event_type || ':' || wait_event, 'CPU') ELSE state END AS waiting"
            + " FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'"
            + " AND state IN ('active', 'idle in transaction') AND pid <> pg_backend_pid()"
            + " AND clock_timestamp() - CASE WHEN state = 'active' THEN query_start ELSE state_change END"
            + " > interval '" + SLOW.toMillis() + " ms'";

    /** Samples taken, how many of them saw a slow backend, and the slow backends seen by statement and wait. */
    record Counts(long samples, long samplesWithSlow, Map<String, Long> slow) {
    }

    private final Connection db;
    private final Duration every;
    private final Thread thread;
    private final Map<String, Long> slow = new TreeMap<>();
    private volatile boolean running = true;
    private long samples;
    private long samplesWithSlow;

    private PgWaits(Connection db, Duration every) {
        this.db = db;
        this.every = every;
        this.thread = new Thread(this::run, "pg-waits");
        this.thread.setDaemon(true);
    }

    /** Starts sampling marketing's database; null when it cannot be reached (the report then leaves this out). */
    static PgWaits start(Duration every) {
        try {
            PgWaits waits = new PgWaits(DriverManager.getConnection(Diagnostics.MARKETING_DB, "marketing", "marketing"),
                    every);
            waits.thread.start();
            return waits;
        } catch (SQLException e) {
            return null;
        }
    }

    private void run() {
        long next = System.nanoTime();
        try (Statement s = db.createStatement()) {
            while (running) {
                int seen = 0;
                try (ResultSet rs = s.executeQuery(SAMPLE)) {
                    while (rs.next()) {
                        seen++;
                        String key = rs.getString("statement") + " " + rs.getString("waiting");
                        synchronized (slow) {
                            slow.merge(key, 1L, Long::sum);
                        }
                    }
                }
                synchronized (slow) {
                    samples++;
                    if (seen > 0) {
                        samplesWithSlow++;
                    }
                }
                next += every.toNanos();
                LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
            }
        } catch (SQLException e) {
            // The database went away: what was sampled so far stands.
        }
    }

    /** Stops sampling, closes the connection and returns what it saw. */
    Counts stop() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            db.close();
        } catch (SQLException e) {
            // closing anyway
        }
        synchronized (slow) {
            return new Counts(samples, samplesWithSlow, Map.copyOf(slow));
        }
    }
}
