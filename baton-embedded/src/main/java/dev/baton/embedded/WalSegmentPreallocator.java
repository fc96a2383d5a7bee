package dev.baton.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
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
 * creates every segment as it goes until its first checkpoint completes (minutes into sustained load). Measured on this
 * project's 2-core machine in a slow-disk hour, 60 s of batches at 20,000 engagement events/s (~0.7 segments/s): p99
 * 38-44 ms on fresh clusters without, 22-28 ms with segments ready (README, benchmark footnote 5).
 *
 * <p>A segment is created the way PostgreSQL creates one (zero-filled file, fsynced) under a temporary name and put in
 * place with a hard link, which fails if the name exists: a segment PostgreSQL created or recycled is never replaced,
 * and PostgreSQL opens an existing segment instead of creating it. The other way round, PostgreSQL puts its own files
 * in place by checking that the name is free and then renaming over it (InstallXLogFileSegment): if this class linked
 * the same name in between and a backend had already written WAL into that file, the rename would drop that WAL. So
 * only segments at least {@link #NEAREST} segments past the one being written are prepared, and the distance is
 * checked again just before the link: for a backend to reach such a file within PostgreSQL's check-then-rename, the WAL
 * would have to advance by more than 32 MB in that instant. Only for the embedded server, which nothing else manages.
 */
final class WalSegmentPreallocator implements AutoCloseable {

    /** Segments closer than this to the one being written are left to PostgreSQL. */
    static final int NEAREST = 3;
    /** Below this much free space no segment is prepared: PostgreSQL stops if it cannot write its WAL. */
    static final long MIN_FREE_BYTES = 1L << 30;

    private static final System.Logger LOG = System.getLogger(WalSegmentPreallocator.class.getName());
    private static final String TEMPORARY_PREFIX = "baton-segment-";
    private static final String TEMPORARY_SUFFIX = ".tmp";

    private final DataSource postgres;
    private final Path walDirectory;
    private final int segmentsAhead;
    private final ScheduledExecutorService schedule;
    private final ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
    private volatile boolean stopping;
    private Connection connection;
    private long segmentSize;
    private boolean warned;

    /** One that prepares nothing by itself ({@link #start} makes one that does); {@link #prepare} works directly. */
    WalSegmentPreallocator(DataSource postgres, Path walDirectory, int segmentsAhead) {
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
     * Starts keeping {@code segmentsAhead} segments ready (from {@link #NEAREST} past the one being written), checking
     * every {@code period}.
     *
     * @param postgres     connections to the server, as a role that may call {@code pg_current_wal_insert_lsn()}
     * @param walDirectory the server's {@code pg_wal}
     */
    static WalSegmentPreallocator start(DataSource postgres, Path walDirectory, int segmentsAhead, long period,
                                        TimeUnit unit) throws IOException {
        if (segmentsAhead < 1) {
            throw new IllegalArgumentException("segmentsAhead must be at least 1, was " + segmentsAhead);
        }
        // Left by a process that died in the middle of a creation.
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(walDirectory,
                TEMPORARY_PREFIX + "*" + TEMPORARY_SUFFIX)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
        WalSegmentPreallocator preallocator = new WalSegmentPreallocator(postgres, walDirectory, segmentsAhead);
        preallocator.schedule.scheduleWithFixedDelay(preallocator::topUp, 0, period, unit);
        return preallocator;
    }

    private void topUp() {
        try {
            String next;
            while (!stopping && (next = nextMissing()) != null) {
                if (Files.getFileStore(walDirectory).getUsableSpace() < MIN_FREE_BYTES) {
                    warn("less than " + (MIN_FREE_BYTES >> 20) + " MB free in " + walDirectory + ": no WAL segment"
                            + " prepared ahead until there is more", null);
                    return;
                }
                if (!prepare(next)) {
                    return; // the write position moved past it, or PostgreSQL made it: plan again next round
                }
            }
            if (warned) {
                LOG.log(System.Logger.Level.INFO, "preparing WAL segments ahead again");
                warned = false;
            }
        } catch (SQLException | IOException | RuntimeException e) {
            // PostgreSQL creates what is missing itself; the next round tries again, on a new connection.
            warn("could not prepare WAL segments ahead (will retry): " + e.getMessage(), e);
            closeConnection();
        }
    }

    /** The nearest of the segments to keep ready that does not exist yet, or null. */
    private String nextMissing() throws SQLException {
        try (PreparedStatement next = connection().prepareStatement("""
                SELECT pg_walfile_name(pg_current_wal_insert_lsn() + (? * i)::numeric)
                FROM generate_series(?, ?) AS i
                ORDER BY i""")) {
            next.setLong(1, segmentSize);
            next.setInt(2, NEAREST);
            next.setInt(3, NEAREST + segmentsAhead - 1);
            try (ResultSet rs = next.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (!Files.exists(walDirectory.resolve(name))) {
                        return name;
                    }
                }
            }
        }
        return null;
    }

    /**
     * Creates {@code segment}, zero-filled, if it is still at least {@link #NEAREST} segments past the one being written
     * and does not exist.
     *
     * @return whether it was put in place
     */
    boolean prepare(String segment) throws SQLException, IOException {
        Path temporary = walDirectory.resolve(TEMPORARY_PREFIX + UUID.randomUUID() + TEMPORARY_SUFFIX);
        try {
            // Owner-only, as PostgreSQL's own files.
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (FileChannel file = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                for (long written = 0; written < segmentSize(); ) {
                    zeros.clear().limit((int) Math.min(zeros.capacity(), segmentSize - written));
                    written += file.write(zeros);
                }
                file.force(true);
            }
            if (!farEnoughAhead(segment)) {
                return false;
            }
            try {
                Files.createLink(walDirectory.resolve(segment), temporary);
            } catch (FileAlreadyExistsException createdMeanwhile) {
                return false; // PostgreSQL got there first: its file stays
            }
            try (FileChannel directory = FileChannel.open(walDirectory, StandardOpenOption.READ)) {
                directory.force(true);
            }
            return true;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private boolean farEnoughAhead(String segment) throws SQLException {
        try (PreparedStatement limit = connection().prepareStatement(
                "SELECT pg_walfile_name(pg_current_wal_insert_lsn() + (? * ?)::numeric)")) {
            limit.setLong(1, segmentSize);
            limit.setInt(2, NEAREST - 1);
            try (ResultSet rs = limit.executeQuery()) {
                rs.next();
                // Segment names of one timeline are fixed-width upper-case hex: their order is the WAL's.
                return segment.compareTo(rs.getString(1)) > 0;
            }
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            Connection opened = postgres.getConnection();
            try {
                opened.setNetworkTimeout(Runnable::run, 10_000);
                try (Statement statement = opened.createStatement()) {
                    statement.execute("SET application_name = 'baton-wal-preallocator'");
                    try (ResultSet rs = statement.executeQuery(
                            "SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size' AND unit = 'B'")) {
                        if (!rs.next()) {
                            throw new SQLException("wal_segment_size is not reported in bytes");
                        }
                        segmentSize = rs.getLong(1);
                    }
                }
            } catch (SQLException e) {
                opened.close();
                throw e;
            }
            connection = opened;
        }
        return connection;
    }

    private long segmentSize() throws SQLException {
        connection();
        return segmentSize;
    }

    /** Warns once until it works again. */
    private void warn(String message, Throwable cause) {
        if (!warned) {
            LOG.log(System.Logger.Level.WARNING, message, cause);
            warned = true;
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

    /** Stops preparing segments, after the one being created if any; the segments already there stay for PostgreSQL. */
    @Override
    public void close() {
        stopping = true;
        schedule.shutdown();
        try {
            if (!schedule.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "WAL segment preparation did not stop within 60 s");
                schedule.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }
}
