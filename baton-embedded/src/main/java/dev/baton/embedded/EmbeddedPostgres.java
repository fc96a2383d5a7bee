package dev.baton.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL 17 server (zonky's embedded binaries, unpacked under {@code workDir}), holding one database and one
 * owner per service. The data directory is kept, so a restart finds the same data.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final Path dataDir;
    private WalSegmentPreallocator walSegments;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    /**
     * Starts PostgreSQL.
     *
     * @param workDir where the binaries are unpacked and the data lives ({@code workDir/data})
     * @param port    the port; 0 picks a free one
     */
    public static EmbeddedPostgres start(Path workDir, int port) {
        try {
            Path dataDir = workDir.resolve("data");
            Path binDir = workDir.resolve("bin");
            Files.createDirectories(binDir);
            var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(binDir.toFile())
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    // Whoever starts it stops it, in order (the launcher stops the services first); zonky's own JVM hook
                    // would stop PostgreSQL concurrently, under services that are still draining.
                    .setRegisterShutdownHook(false)
                    .setPort(port == 0 ? EmbeddedKafka.freePort() : port)
                    // Engagement's indexes are keyed by random event ids: every insert touches a random page of them. With
                    // the cache smaller than those indexes (64 MB held ~1M events' worth) each insert evicted and wrote
                    // back pages (~27k evictions/s at 16k events/s) and the tail latency of ingestion followed. The pool
                    // is only mapped: memory is used as pages are read, so a small local data set stays small.
                    .setServerConfig("shared_buffers", "1GB")
                    // The three services' pools alone take up to 66 (20 reactive + 2 JDBC each) of the default 100; the
                    // rest is for a second replica, psql, and the bench's own database baseline (16 connections).
                    .setServerConfig("max_connections", "200")
                    // PostgreSQL's defaults, stated so that no one trades them for speed: a 202 means the event is on disk.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    // Sustained ingestion writes ~30 MB/s of WAL: the default 1 GB max_wal_size forced a checkpoint
                    // (and a burst of full-page writes) every ~30 s; fewer, spread checkpoints keep write latency flat
                    // (checkpoint_completion_target is already PostgreSQL 17's 0.9).
                    .setServerConfig("max_wal_size", "4GB")
                    .setServerConfig("checkpoint_timeout", "10min")
                    // The outbox is a queue (insert, publish, delete): vacuum it often enough that the relay's scans do
                    // not wade through dead rows (see db/platform/R__outbox_storage.sql for the table's own settings).
                    .setServerConfig("autovacuum_naptime", "5s");
            return new EmbeddedPostgres(builder.start(), dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    /**
     * Off unless called; only the benchmark asks for it (the launcher's {@code BATON_PG_WAL_SEGMENTS_AHEAD}), to measure
     * a fresh cluster as one that has run through a checkpoint cycle. From now on, keeps {@code segments} empty WAL
     * segments ready ahead of the server's write position (from the third segment past the one being written; checked
     * every 250 ms), so that a fresh cluster under sustained writes does not stall its commits creating them; see
     * {@link WalSegmentPreallocator}. Costs {@code segments} × 16 MB of disk in {@code data/pg_wal}; stops preparing
     * while less than 1 GB is free there.
     */
    public void keepWalSegmentsAhead(int segments) {
        if (walSegments != null) {
            throw new IllegalStateException("WAL segments are already kept ahead");
        }
        try {
            walSegments = WalSegmentPreallocator.start(server.getPostgresDatabase(), dataDir.resolve("pg_wal"), segments,
                    250, TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare WAL segments in " + dataDir.resolve("pg_wal"), e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** Creates {@code database} owned by a login role of the same name (password = name), if missing. */
    public void createDatabase(String database) {
        try (Connection connection = server.getPostgresDatabase().getConnection()) {
            createOwnedDatabase(connection, database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database, e);
        }
    }

    /** {@link #createDatabase} on any server, through a superuser {@code connection} (test containers use it too). */
    public static void createOwnedDatabase(Connection connection, String database) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + database + "'")) {
                if (!rs.next()) {
                    statement.execute("CREATE ROLE \"" + database + "\" LOGIN PASSWORD '" + database + "'");
                }
            }
            try (ResultSet rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (!rs.next()) {
                    statement.execute("CREATE DATABASE \"" + database + "\" OWNER \"" + database + "\"");
                }
            }
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    @Override
    public void close() {
        if (walSegments != null) {
            walSegments.close();
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
