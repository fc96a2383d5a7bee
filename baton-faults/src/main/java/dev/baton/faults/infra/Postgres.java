package dev.baton.faults.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * PostgreSQL 17 as its own OS process on a fixed data directory and port. zonky's embedded binaries are unpacked and
 * the cluster initialised once (zonky starts and stops it for that); from then on the suite runs {@code postgres}
 * itself, so that it can stop it with {@code pg_ctl stop -m immediate} (a crash, as far as the data is concerned) and
 * start it again on the same data and port.
 */
public final class Postgres implements AutoCloseable {

    public static final List<String> DATABASES = List.of("marketing", "handoff", "sales");

    private final Path workDir;
    private final Path dataDir;
    private final Path log;
    private final int port;
    private final Children children;
    private Path binDir;

    public Postgres(Path workDir, Path log, int port, Children children) {
        this.workDir = workDir;
        this.dataDir = workDir.resolve("data");
        this.log = log;
        this.port = port;
        this.children = children;
    }

    public int port() {
        return port;
    }

    /** Unpacks the binaries, initialises the cluster and creates one database and owner per service. */
    public void init() {
        try {
            Path binaries = Files.createDirectories(workDir.resolve("bin"));
            try (var zonky = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(binaries.toFile())
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .start()) {
                try (Connection connection = zonky.getPostgresDatabase().getConnection();
                     Statement statement = connection.createStatement()) {
                    for (String database : DATABASES) {
                        createDatabase(statement, database);
                    }
                }
            }
            try (Stream<Path> files = Files.walk(binaries)) {
                binDir = files.filter(p -> p.getFileName().toString().equals("pg_ctl")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no pg_ctl under " + binaries)).getParent();
            }
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot initialise PostgreSQL in " + workDir, e);
        }
    }

    private static void createDatabase(Statement statement, String database) throws SQLException {
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

    /**
     * Starts the postmaster with {@code pg_ctl start} (zonky's pg_ctl, the way zonky starts it) and waits (bounded)
     * until it accepts connections.
     */
    public void start() {
        // Settings of the embedded database, scaled to six small clients: every replica's pool (20) goes through its
        // own proxy, so the server sees up to ~130 connections.
        String options = String.join(" ", "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1",
                "-c", "max_connections=300", "-c", "shared_buffers=128MB", "-c", "fsync=on", "-c", "synchronous_commit=on",
                "-c", "max_wal_size=1GB", "-c", "autovacuum_naptime=5s");
        pgCtl("-o", options, "-l", log.toString(), "-w", "-t", "60", "start");
        try {
            String pid = Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim();
            children.started("postgres", Long.parseLong(pid));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("PostgreSQL did not start; see " + log, e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Connection ignored = connect("postgres")) {
                return;
            } catch (SQLException notYet) {
                pause(200);
            }
        }
        throw new IllegalStateException("PostgreSQL did not accept connections within 60 s; see " + log);
    }

    /** A direct connection (not through any proxy) as the superuser. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?connectTimeout=2",
                "postgres", "postgres");
    }

    /** {@code pg_ctl stop -m immediate}: every backend ends at once, nothing is flushed; the next start recovers. */
    public void stopImmediate() {
        pgCtl("stop", "-m", "immediate", "-w", "-t", "30");
    }

    public boolean isRunning() {
        return Files.exists(dataDir.resolve("postmaster.pid"));
    }

    private void pgCtl(String... args) {
        List<String> command = new java.util.ArrayList<>();
        // PostgreSQL refuses to run as root: as zonky does, root runs it in a new user namespace, as nobody.
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString()));
        command.addAll(List.of(args));
        try {
            Process ctl = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!ctl.waitFor(60, TimeUnit.SECONDS)) {
                ctl.destroyForcibly();
                throw new IllegalStateException("pg_ctl " + String.join(" ", args) + " did not finish");
            }
        } catch (IOException e) {
            throw new IllegalStateException("pg_ctl " + String.join(" ", args), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (binDir != null && isRunning()) {
            pgCtl("stop", "-m", "fast", "-w", "-t", "30");
        }
    }
}
