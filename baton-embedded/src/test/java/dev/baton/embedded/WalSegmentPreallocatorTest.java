package dev.baton.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WalSegmentPreallocatorTest {

    /** WAL segments (not the preallocator's temporary file) after the one being written. */
    private static final String AHEAD = "name ~ '^[0-9A-F]{24}$' AND name > pg_walfile_name(pg_current_wal_insert_lsn())";

    @TempDir
    Path dir;

    @Test
    void postgresWritesIntoThePreparedSegmentsAndRecoversFromThemAfterACrash() throws Exception {
        Path pg = dir.resolve("pg");
        Path wal = pg.resolve("data/pg_wal");
        Map<String, Object> prepared = new LinkedHashMap<>();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(pg, 0)) {
            postgres.createDatabase("marketing");
            postgres.keepWalSegmentsAhead(3);
            try (Connection c = connect(postgres); Statement s = c.createStatement()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> segmentsAhead(s) >= 3);
                for (String segment : query(s, "SELECT name FROM pg_ls_waldir() WHERE " + AHEAD + " ORDER BY name")) {
                    prepared.put(segment, Files.getAttribute(wal.resolve(segment), "unix:ino"));
                }
                assertThat(prepared).hasSize(3);

                s.execute("CREATE TABLE visit (n int)");
                for (int n = 1; n <= 5; n++) { // five committed rows, each in a segment of its own
                    s.execute("INSERT INTO visit VALUES (" + n + ")");
                    s.execute("SELECT pg_switch_wal()");
                }

                // PostgreSQL wrote WAL into the very files prepared for it (same inode, a WAL page header now) ...
                for (var segment : prepared.entrySet()) {
                    Path file = wal.resolve(segment.getKey());
                    assertThat(Files.getAttribute(file, "unix:ino")).isEqualTo(segment.getValue());
                    assertThat(firstBytes(file)).as(segment.getKey()).isNotEqualTo(new byte[4]);
                }
                // ... and segments are again kept ready past its new position.
                await().atMost(Duration.ofSeconds(30)).until(() -> segmentsAhead(s) >= 3);
            }
            stopLikeAPowerCut(pg);
        }

        try (EmbeddedPostgres restarted = EmbeddedPostgres.start(pg, 0);
             Connection c = connect(restarted); Statement s = c.createStatement()) {
            // Crash recovery replayed the WAL in the prepared segments: every committed row is back.
            assertThat(query(s, "SELECT n FROM visit ORDER BY n")).containsExactly("1", "2", "3", "4", "5");
        }
    }

    @Test
    void aSegmentThatAlreadyExistsIsNeverReplaced() throws Exception {
        Path pg = dir.resolve("pg");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(pg, 0);
             Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres"), EmbeddedPostgres.USER,
                     EmbeddedPostgres.PASSWORD);
             Statement s = c.createStatement()) {
            String next = query(s, "SELECT pg_walfile_name(pg_current_wal_insert_lsn() + 16777216::numeric)").get(0);
            Path taken = pg.resolve("data/pg_wal").resolve(next);
            Files.deleteIfExists(taken);
            Files.write(taken, new byte[] {1, 2, 3}); // stands for a segment PostgreSQL is writing

            postgres.keepWalSegmentsAhead(2);
            await().atMost(Duration.ofSeconds(30)).until(() -> segmentsAhead(s) >= 2);

            assertThat(Files.readAllBytes(taken)).containsExactly(1, 2, 3);
            Files.delete(taken); // PostgreSQL must not go on to use this stand-in
        }
    }

    private static Connection connect(EmbeddedPostgres postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl("marketing"), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
    }

    private static long segmentsAhead(Statement s) throws SQLException {
        return Long.parseLong(query(s, "SELECT count(*) FROM pg_ls_waldir() WHERE " + AHEAD).get(0));
    }

    private static List<String> query(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new java.util.ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    private static byte[] firstBytes(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(4);
        }
    }

    /**
     * What {@code pg_ctl stop -m immediate} does (pg_ctl itself refuses to run as root): SIGQUIT to the postmaster, and
     * every server process quits at once, without a checkpoint; the next start recovers from the WAL.
     */
    private static void stopLikeAPowerCut(Path pg) throws Exception {
        long pid = Long.parseLong(Files.readAllLines(pg.resolve("data/postmaster.pid")).get(0).trim());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
        postmaster.onExit().get(60, TimeUnit.SECONDS);
    }
}
