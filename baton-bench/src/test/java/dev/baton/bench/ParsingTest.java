package dev.baton.bench;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParsingTest {

    @Test
    void readsProducerPerformanceSummary() {
        String out = """
                771473 records sent, 154294.6 records/sec (73.57 MB/sec), 180.3 ms avg latency, 420.0 ms max latency.
                1500000 records sent, 157893.2 records/sec (75.29 MB/sec), 175.12 ms avg latency, 512.00 ms max latency, \
                160 ms 50th, 300 ms 95th, 380 ms 99th, 470 ms 99.9th.
                """;
        KafkaBaselines.Producer p = KafkaBaselines.parseProducer(out, "cmd");
        assertThat(p.records()).isEqualTo(1_500_000);
        assertThat(p.recordsPerSecond()).isEqualTo(157893.2);
        assertThat(p.mbPerSecond()).isEqualTo(75.29);
        assertThat(p.p50()).isEqualTo(160);
        assertThat(p.p99()).isEqualTo(380);
        assertThat(p.p999()).isEqualTo(470);
        assertThat(p.maxMs()).isEqualTo(512);
    }

    @Test
    void refusesOutputWithoutASummary() {
        assertThatThrownBy(() -> KafkaBaselines.parseProducer("Exception in thread main", "cmd"))
                .hasMessageContaining("no ProducerPerformance summary");
    }

    @Test
    void readsEndToEndLatencySummary() {
        String out = "0\t12.5\n1000\t1.2\nAvg latency: 1.4321 ms\nPercentiles: 50th = 1, 99th = 3, 99.9th = 9\n";
        KafkaBaselines.EndToEnd e = KafkaBaselines.parseEndToEnd(out, 5000, "cmd");
        assertThat(e.avgMs()).isEqualTo(1.4321);
        assertThat(e.p50()).isEqualTo(1);
        assertThat(e.p99()).isEqualTo(3);
        assertThat(e.p999()).isEqualTo(9);
    }

    @Test
    void readsTokensBySubject() {
        Map<String, String> byVariable = new HashMap<>();
        Map<String, String> bySubject = new HashMap<>();
        Api.parseTokens(List.of("# Throwaway tokens (12 h)", "# Use: source x; curl ...", "# marketer-mia (marketer)",
                "TOKEN_MARKETER=aaa", "# rep-ada (sales-rep)", "TOKEN_SALES_REP=bbb"), byVariable, bySubject);
        assertThat(byVariable).containsEntry("MARKETER", "aaa").containsEntry("SALES_REP", "bbb");
        assertThat(bySubject).containsEntry("rep-ada", "bbb").containsEntry("marketer-mia", "aaa");
    }

    @Test
    void readsOptions() {
        Options o = Options.parse(new String[] {"--run-dir", "/tmp/x", "--single-start", "2000", "--batch-size", "500",
                "--lifecycle-background", "single"});
        assertThat(o.singleStart).isEqualTo(2000);
        assertThat(o.batchSize).isEqualTo(500);
        assertThat(o.lifecycleBackground).isEqualTo("single");
        assertThat(Options.parse(new String[] {"--run-dir", "x", "--quick"}).confirmSeconds).isEqualTo(10);
        assertThatThrownBy(() -> Options.parse(new String[] {"--run-dir", "x", "--nope", "1"}))
                .hasMessageContaining("unknown option --nope");
    }

    @Test
    void readsJstat() {
        String out = " S0C    S1C    S0U    S1U      EC       EU        OC         OU       MC     MU    CCSC   CCSU   YGC"
                + "     YGCT    FGC    FGCT    CGC    CGCT     GCT   \n"
                + "4352.0 4352.0  0.0   1520.3 34944.0  20417.6   87424.0    60000.1  76000.0 74000.0 9000.0 8500.0  "
                + "2067     25.123   12     1.700     -          -    26.823\n";
        Diagnostics.Gc gc = Diagnostics.parseJstat(out);
        assertThat(gc.young()).isEqualTo(2067);
        assertThat(gc.youngMs()).isEqualTo(25123.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(gc.full()).isEqualTo(12);
        assertThat(gc.fullMs()).isEqualTo(1700.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(Diagnostics.concurrentCycles(out)).as("serial: no concurrent cycles").isEqualTo(-1);
        assertThat(Diagnostics.concurrentCycles(out.replace("     -          -    26.823", "     7      0.021   26.823")))
                .isEqualTo(7);
    }

    @Test
    void statsAreInMilliseconds() {
        Histogram h = new Histogram(3);
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(i * 100L); // 0.1 .. 100 ms
        }
        Stats s = Stats.of(h);
        assertThat(s.count()).isEqualTo(1000);
        assertThat(s.p50()).isBetween(49.9, 50.1);
        assertThat(s.p99()).isBetween(98.9, 99.1);
        assertThat(s.max()).isBetween(99.9, 100.1);
    }
}
