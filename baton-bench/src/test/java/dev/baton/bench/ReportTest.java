package dev.baton.bench;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

    private static OpenLoop.Result step(String name, double rate, int size, long p99Micros, long errors) {
        Histogram h = new Histogram(3);
        for (int i = 0; i < 99; i++) {
            h.recordValue(2_000);
        }
        h.recordValue(p99Micros);
        h.recordValue(p99Micros);
        return new OpenLoop.Result(name, rate / size, size, 60, 101, 101 - errors, errors,
                errors == 0 ? Map.of() : Map.of("HTTP 500", errors), h, 50);
    }

    private static Diagnostics.Delta delta() {
        Diagnostics.Pg pg = new Diagnostics.Pg(0, 0, 0, 0, 0, 0, 0, 0);
        Diagnostics.Pg pg2 = new Diagnostics.Pg(60e6, 1, 0, 0, 0, 0, 1, 10);
        return new Diagnostics.Delta(60, Map.of("marketing-service", new Diagnostics.Gc(100, 500, 2, 250)), pg, pg2);
    }

    @Test
    void relayMustKeepUp() {
        Results.Step behind = new Results.Step("batch", step("batch", 10_000, 250, 20_000, 0), Map.of(), 0, 190_000, 30,
                delta(), 2, Map.of());
        assertThat(behind.result().passed()).isTrue();
        assertThat(behind.passed()).isFalse();
        assertThat(behind.failureReason()).contains("outbox relay behind: 190,000 events");
        Results.Step lenient = new Results.Step("batch", behind.result(), Map.of(), 0, 190_000, 30, delta(), 0, Map.of());
        assertThat(lenient.passed()).isTrue();
    }

    @Test
    void writesTargetsRatiosAndAPlot(@TempDir Path dir) throws Exception {
        Results r = new Results();
        r.options = Options.parse(new String[] {"--run-dir", dir.toString()});
        r.started = Instant.parse("2025-01-01T00:00:00Z");
        r.finished = r.started.plusSeconds(600);
        r.machine.put("CPU", "test CPU");
        r.producer = new KafkaBaselines.Producer(1_500_000, 158_000, 75.3, 170, 500, 160, 300, 380, 470, "cmd");
        r.endToEnd = new KafkaBaselines.EndToEnd(5000, 1.4, 1, 3, 9, "cmd");
        r.singleConfirms.add(new Results.Step("single confirm", step("single confirm 60 s", 3200, 1, 30_000, 0),
                Map.of("marketing-service", 1.2), 0, 10, 2, delta(), 2, Map.of()));
        r.singleSustained = 3200;
        r.batchConfirms.add(new Results.Step("batch confirm", step("batch confirm 60 s", 20000, 250, 80_000, 3),
                Map.of("marketing-service", 1.5), 0, 5000, 10, delta(), 2, Map.of()));
        r.pgWaits.put(r.batchConfirms.get(0), new PgWaits.Counts(3000, 45,
                Map.of("COMMIT LWLock:WALWrite", 60L, "COMMIT IO:WalSync", 12L, "INSERT CPU", 7L)));
        r.starts.put("marketing-service", new BatonRun.Start("marketing-service", 1, 0, 4200, 4.2, 3.1));
        r.memory.add(new Results.Memory("marketing-service", 1, 300 * 1024, 310 * 1024, 250 * 1024, 50 * 1024, 60,
                128 * 1024, 60 * 1024, 70 * 1024, 20 * 1024));
        r.rssAtEndKb.put("marketing-service", 305L * 1024);
        r.memoryIdleSeconds = 24;
        Report.write(r, dir);

        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("# Baton benchmark, 2025-01-01T00:00:00Z");
        assertThat(md).contains("| single-event ingestion ≥ 3,000 events/s").contains("**3,200 events/s**");
        assertThat(md).contains("none sustained; best try 20,000 events/s failed: 3 errors");
        assertThat(md).contains("| batch ingestion 0 events/s (each becomes one Kafka record) | Kafka producer 158,000");
        assertThat(md).contains("| each service's RSS < 250 MB after the run | marketing 300 MB | **missed** ❌ |");
        assertThat(md).contains("| each service ready in < 5 s | marketing 4.20 s |");
        assertThat(md).contains("| marketing-service | **300.0** | 305.0 | 310.0 | 250.0 / 50.0 |")
                .contains("had been idle (24 s after the last step");
        assertThat(md).contains("![latency by percentile](latency.svg)");
        String svg = Files.readString(dir.resolve("latency.svg"));
        assertThat(svg).startsWith("<svg").contains("<polyline").contains("ingestion target p99 50 ms").endsWith("</svg>\n");
        assertThat(dir.resolve("histograms/single-ingestion.hgrm")).exists();
        assertThat(md).contains("| 100 (500) / 2 (250) |");
        // What the slow database work waited on, most seen first; steps without samples are left out.
        assertThat(md).contains("| batch confirm 60 s (20,000 events/s) | 3,000 | 45 (1.5%) | `COMMIT LWLock:WALWrite` 60, "
                + "`COMMIT IO:WalSync` 12, `INSERT CPU` 7 |").doesNotContain("| single confirm 60 s (3,200 events/s) | ");
    }

    @Test
    void spectrumRunsFromTheMedianRegionToTheMax() {
        Histogram h = new Histogram(3);
        for (int i = 1; i <= 10_000; i++) {
            h.recordValue(i);
        }
        List<double[]> points = Svg.spectrum(h);
        assertThat(points.get(0)[0]).isZero();
        assertThat(points.get(points.size() - 1)[1]).isBetween(9.99, 10.01);
    }
}
