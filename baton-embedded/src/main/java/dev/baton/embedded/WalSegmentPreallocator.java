package dev.baton.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Keeps a number of empty WAL segments ready ahead of PostgreSQL's write position, so that no commit waits for one to
 * be created.
 *
 * <p>When PostgreSQL's WAL reaches the end of a segment and the next one does not exist yet, the backend that is
 * committing creates it (16 MB, zero-filled and fsynced) while it holds the WAL write lock: every other commit waits
 * behind it ({@code IO:WalInitWrite}, {@code IO:WalInitSync}, then {@code LWLock:WALWrite} in pg_stat_activity). A
 * server that has run a while recycles the segments its checkpoints free, so it rarely creates one; a fresh cluster
 * creates every segment as it goes until its first checkpoint completes (minutes into sustained load). Measured at
 * 20,000 engagement events/s (~0.7 segments/s) on this project's 2-core machine: p99 of the batch requests 38-44 ms on
 * fresh clusters without, 22-28 ms with segments ready.
 *
 * <p>A segment is created the way PostgreSQL creates one (zero-filled temporary file, fsynced, then put in place) and
 * put in place with a hard link, which fails if the name exists: a segment PostgreSQL created or recycled is never
 * replaced. PostgreSQL in turn opens an existing segment rather than creating it, and when its own creation finds the
 * name taken it uses the existing file, as it does for the segments its checkpointer recycles.
 */
final class WalSegmentPreallocator implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WalSegmentPreallocator.class.getName());
    private static final String TEMPORARY = "baton-preallocated-segment.tmp";

    private final DataSource postgres;
    private final Path walDirectory;
    private final int segmentsAhead;
    private final ScheduledExecutorService schedule;
    private Connection connection;
    private long segmentSize;
    private boolean failing;

    private WalSegmentPreallocator(DataSource postgres, Path walDirectory, int segmentsAhead) {
        this.postgres = postgres;
        this.walDirectory = walDirectory;
        this.segmentsAhead = segmentsAhead;
        this.schedule = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "wal-segment-preallocator");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts keeping {@code segmentsAhead} segments ready, checking every {@code period}.
     *
     * @param postgres     a superuser connection to the server (pg_current_wal_insert_lsn and pg_ls_waldir)
     * @param walDirectory the server's {@code pg_wal}
     */
    static WalSegmentPreallocator start(DataSource postgres, Path walDirectory, int segmentsAhead, long period,
                                        TimeUnit unit) throws IOException {
        if (segmentsAhead < 1) {
            throw new IllegalArgumentException("segmentsAhead must be at least 1, was " + segmentsAhead);
        }
        Files.deleteIfExists(walDirectory.resolve(TEMPORARY)); // left by a stop in the middle of a creation
        WalSegmentPreallocator preallocator = new WalSegmentPreallocator(postgres, walDirectory, segmentsAhead);
        preallocator.schedule.scheduleWithFixedDelay(preallocator::topUp, 0, period, unit);
        return preallocator;
    }

    private void topUp() {
        try {
            for (String segment : missingSegments()) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                create(segment);
            }
            failing = false;
        } catch (SQLException | IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                return; // stopped in the middle of a creation (close)
            }
            // PostgreSQL creates what is missing itself; the next round tries again (a new connection if this one broke),
            // and says nothing more until it succeeds.
            if (!failing) {
                LOG.log(System.Logger.Level.WARNING, "could not prepare WAL segments ahead (will retry): " + e.getMessage());
                failing = true;
            }
            closeConnection();
        }
    }

    /** The names of the next {@code segmentsAhead} segments after the one being written that do not exist yet. */
    private List<String> missingSegments() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = postgres.getConnection();
            try (PreparedStatement size = connection.prepareStatement(
                    "SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size' AND unit = 'B'");
                 ResultSet rs = size.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("wal_segment_size is not reported in bytes");
                }
                segmentSize = rs.getLong(1);
            }
        }
        List<String> missing = new ArrayList<>();
        try (PreparedStatement next = connection.prepareStatement("""
                SELECT pg_walfile_name(pg_current_wal_insert_lsn() + (? * i)::numeric)
                FROM generate_series(1, ?) AS i
                ORDER BY i""")) {
            next.setLong(1, segmentSize);
            next.setInt(2, segmentsAhead);
            try (ResultSet rs = next.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (!Files.exists(walDirectory.resolve(name))) {
                        missing.add(name);
                    }
                }
            }
        }
        return missing;
    }

    private void create(String segment) throws IOException {
        Path temporary = walDirectory.resolve(TEMPORARY);
        try {
            try (FileChannel file = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
                for (long written = 0; written < segmentSize; ) {
                    zeros.clear().limit((int) Math.min(zeros.capacity(), segmentSize - written));
                    written += file.write(zeros);
                }
                file.force(true);
            }
            try {
                Files.createLink(walDirectory.resolve(segment), temporary);
            } catch (FileAlreadyExistsException createdMeanwhile) {
                return; // PostgreSQL got there first: its file stays
            }
            try (FileChannel directory = FileChannel.open(walDirectory, StandardOpenOption.READ)) {
                directory.force(true);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private void closeConnection() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // already broken
        }
        connection = null;
    }

    /** Stops preparing segments (waits for the one being created); the segments already there stay for PostgreSQL. */
    @Override
    public void close() {
        schedule.shutdownNow();
        try {
            if (!schedule.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "WAL segment preparation did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }
}
