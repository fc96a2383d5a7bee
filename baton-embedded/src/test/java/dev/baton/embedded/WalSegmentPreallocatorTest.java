package dev.baton.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WalSegmentPreallocatorTest {

    private static final int SEGMENT = 16 * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void postgresWritesIntoThePreparedSegmentsAndRecoversFromThemAfterACrash() throws Exception {
        Path pg = dir.resolve("pg");
        Path wal = pg.resolve("data/pg_wal");
        Map<String, Object> prepared = new LinkedHashMap<>();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(pg, 0)) {
            postgres.createDatabase("marketing");
            try (Connection c = connect(postgres); Statement s = c.createStatement()) {
                List<String> before = walFiles(wal);
                postgres.keepWalSegmentsAhead(3);
                List<String> wanted = segmentsFromNearest(s, 3);
                await().atMost(Duration.ofSeconds(30)).until(() -> wanted.stream().allMatch(n -> Files.exists(wal.resolve(n))));
                for (String segment : wanted) {
                    Path file = wal.resolve(segment);
                    assertThat(before).doesNotContain(segment);
                    assertThat(Files.size(file)).isEqualTo(SEGMENT);
                    assertThat(Files.readAllBytes(file)).containsOnly(0);
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
                    prepared.put(segment, Files.getAttribute(file, "unix:ino"));
                }

                s.execute("CREATE TABLE visit (n int)");
                // Crash recovery below starts from the last checkpoint: before the prepared segments, so it reads them.
                assertThat(query(s, "SELECT pg_walfile_name(redo_lsn) FROM pg_control_checkpoint()").get(0))
                        .isLessThan(wanted.get(0));
                for (int n = 1; n <= 7; n++) { // seven committed rows, each in a segment of its own
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
                List<String> wantedNow = segmentsFromNearest(s, 3);
                assertThat(wantedNow.get(0)).isGreaterThan(wanted.get(2));
                await().atMost(Duration.ofSeconds(30)).until(() -> wantedNow.stream().allMatch(n -> Files.exists(wal.resolve(n))));
            }
            stopLikeAPowerCut(pg);
        }

        try (EmbeddedPostgres restarted = EmbeddedPostgres.start(pg, 0);
             Connection c = connect(restarted); Statement s = c.createStatement()) {
            // Crash recovery replayed the WAL in the prepared segments: every committed row is back.
            assertThat(query(s, "SELECT n FROM visit ORDER BY n")).containsExactly("1", "2", "3", "4", "5", "6", "7");
        }
    }

    @Test
    void preparesOnlySegmentsThatDoNotExistAndAreFarEnoughAhead() throws Exception {
        Path pg = dir.resolve("pg");
        Path wal = pg.resolve("data/pg_wal");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(pg, 0);
             Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres"), EmbeddedPostgres.USER,
                     EmbeddedPostgres.PASSWORD);
             Statement s = c.createStatement()) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(postgres.jdbcUrl("postgres"));
            dataSource.setUser(EmbeddedPostgres.USER);
            dataSource.setPassword(EmbeddedPostgres.PASSWORD);
            WalSegmentPreallocator preallocator = new WalSegmentPreallocator(dataSource, wal, 1);

            // A segment that exists (here a stand-in for one PostgreSQL is writing) is left as it is.
            Path taken = wal.resolve(segmentAhead(s, 50));
            Files.write(taken, new byte[] {1, 2, 3});
            assertThat(preallocator.prepare(taken.getFileName().toString())).isFalse();
            assertThat(Files.readAllBytes(taken)).containsExactly(1, 2, 3);
            Files.delete(taken); // PostgreSQL must not go on to use the stand-in

            // The segments just after the one being written are PostgreSQL's to create.
            Path tooNear = wal.resolve(segmentAhead(s, WalSegmentPreallocator.NEAREST - 1));
            assertThat(tooNear).doesNotExist();
            assertThat(preallocator.prepare(tooNear.getFileName().toString())).isFalse();
            assertThat(tooNear).doesNotExist();

            Path nearest = wal.resolve(segmentAhead(s, WalSegmentPreallocator.NEAREST));
            assertThat(preallocator.prepare(nearest.getFileName().toString())).isTrue();
            assertThat(Files.size(nearest)).isEqualTo(SEGMENT);

            preallocator.close();
            assertThat(walFiles(wal)).allMatch(name -> name.matches("[0-9A-F]{24}|archive_status|summaries"));
        }
    }

    private static Connection connect(EmbeddedPostgres postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl("marketing"), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
    }

    /** The segment {@code distance} segments past the one being written. */
    private static String segmentAhead(Statement s, int distance) throws SQLException {
        return query(s, "SELECT pg_walfile_name(pg_current_wal_insert_lsn() + " + distance + " * " + SEGMENT + "::numeric)")
                .get(0);
    }

    /** The {@code count} segments the preallocator keeps ready from where the WAL is now. */
    private static List<String> segmentsFromNearest(Statement s, int count) throws SQLException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(segmentAhead(s, WalSegmentPreallocator.NEAREST + i));
        }
        return names;
    }

    private static List<String> walFiles(Path wal) throws IOException {
        try (Stream<Path> files = Files.list(wal)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static List<String> query(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
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
     * What {@code pg_ctl stop -m immediate} does: SIGQUIT to the postmaster, and every server process quits at once,
     * without a checkpoint; the next start recovers from the WAL. (pg_ctl refuses to run as root, which the embedded
     * server allows: zonky starts the postmaster itself.)
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
