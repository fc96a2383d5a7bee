package dev.baton.bench;

import org.HdrHistogram.Histogram;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes report.md, latency.svg and the raw percentile distributions (histograms/*.hgrm) of a run. */
final class Report {

    private final Results r;
    private final Options o;
    private final StringBuilder md = new StringBuilder();

    private Report(Results r) {
        this.r = r;
        this.o = r.options;
    }

    static void write(Results r, Path runDir) throws IOException {
        Report report = new Report(r);
        Files.writeString(runDir.resolve("report.md"), report.markdown());
        Files.writeString(runDir.resolve("latency.svg"), report.svg());
        Path hist = Files.createDirectories(runDir.resolve("histograms"));
        for (Map.Entry<String, Histogram> e : report.histograms().entrySet()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
                e.getValue().outputPercentileDistribution(ps, 1000.0);
            }
            Files.write(hist.resolve(e.getKey() + ".hgrm"), out.toByteArray());
        }
    }

    // ------------------------------------------------------------------ helpers

    static String f0(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String f1(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.1f", v);
    }

    static String f2(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.2f", v);
    }

    static String ms(double v) {
        return Svg.fmt(v);
    }

    /** EndToEndLatency's whole milliseconds (truncated): 0 means under 1 ms. */
    static String wholeMs(double v) {
        return v < 1 ? "< 1" : f0(v);
    }

    static String ratio(double baton, double baseline) {
        if (Double.isNaN(baton) || Double.isNaN(baseline) || baseline <= 0 || baton <= 0) {
            return "-";
        }
        double x = baton / baseline;
        return x >= 10 ? String.format(Locale.ROOT, "%.0f×", x) : x >= 0.1
                ? String.format(Locale.ROOT, "%.2f×", x) : String.format(Locale.ROOT, "%.3f×", x);
    }

    static String met(boolean met) {
        return met ? "**met** ✅" : "**missed** ❌";
    }

    private void line(String s) {
        md.append(s).append('\n');
    }

    private void statsHeader(String first, String... extra) {
        StringBuilder h = new StringBuilder("| ").append(first);
        StringBuilder sep = new StringBuilder("|---");
        for (String e : extra) {
            h.append(" | ").append(e);
            sep.append("|---:");
        }
        h.append(" | p50 ms | p99 ms | p99.9 ms | max ms | count |");
        sep.append("|---:|---:|---:|---:|---:|");
        line(h.toString());
        line(sep.toString());
    }

    private void statsRow(String first, Stats s, String... extra) {
        StringBuilder row = new StringBuilder("| ").append(first);
        for (String e : extra) {
            row.append(" | ").append(e);
        }
        row.append(" | ").append(ms(s.p50())).append(" | ").append(ms(s.p99())).append(" | ").append(ms(s.p999()))
                .append(" | ").append(ms(s.max())).append(" | ").append(String.format(Locale.ROOT, "%,d", s.count()))
                .append(" |");
        line(row.toString());
    }

    private Results.Step singleConfirm() {
        return r.confirmed(r.singleConfirms);
    }

    private Results.Step batchConfirm() {
        return r.confirmed(r.batchConfirms);
    }

    /** Twice Kafka's end-to-end p99 (two hops), at least 2 ms: EndToEndLatency prints whole milliseconds. */
    private double twiceE2e99() {
        return r.endToEnd == null ? Double.NaN : 2 * Math.max(1.0, Math.max(r.endToEnd.p99(), r.endToEnd.avgMs()));
    }

    private double overloadLost() {
        return r.overload == null ? Double.NaN : Math.max(0, r.overloadAccepted - r.overloadPublished);
    }

    private String shedShare() {
        OpenLoop.Result b = r.overload == null ? null : r.overload.background();
        if (b == null || b.scheduled() == 0) {
            return "nothing shed";
        }
        long shed = b.errorReasons().getOrDefault("HTTP 429", 0L);
        return String.format(Locale.ROOT, "%,d of %,d batch requests shed (%.0f%%)", shed, b.scheduled(),
                100.0 * shed / b.scheduled());
    }

    private boolean overloadMet() {
        if (r.overload == null || Double.isNaN(twiceE2e99())) {
            return false;
        }
        Stats ov = Stats.of(r.overload.lifecycle());
        return ov.count() > 0 && ov.p99() <= o.overloadRatioLimit * twiceE2e99() && overloadLost() == 0
                && r.overloadPublished == r.overloadAccepted;
    }

    private Stats lifecycleStats() {
        return r.lifecycle == null ? Stats.EMPTY : Stats.of(r.lifecycle.lifecycle());
    }

    private boolean lifecycleMet() {
        Stats l = lifecycleStats();
        return r.lifecycle != null && l.count() > 0 && l.p99() < o.lifecycleP99LimitMs && r.lifecycle.errors().isEmpty();
    }

    // ------------------------------------------------------------------ markdown

    String markdown() {
        String when = DateTimeFormatter.ISO_INSTANT.format(r.started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        line("# Baton benchmark, " + when);
        line("");
        line("One command (`" + r.command + "`) started Baton with its launcher (`--fresh`: empty broker and database), "
                + "measured the broker's and the database's own limits, then Baton through its REST APIs, and stopped it. "
                + "Everything below comes from this one run on this one machine: the load generator, Kafka, PostgreSQL "
                + "and the three services (`-Xmx96m` each) share its cores.");
        line("");
        line("| machine | |");
        line("|---|---|");
        r.machine.forEach((k, v) -> line("| " + k + " | " + v + " |"));
        if (r.finished != null) {
            line("| run time | " + f0(Duration.between(r.started, r.finished).toSeconds()) + " s |");
        }
        line("");
        if (!r.problems.isEmpty()) {
            line("> **Problems in this run:**");
            r.problems.forEach(p -> line("> * " + p));
            line("");
        }
        targets();
        baselines();
        ratios();
        ingestion();
        lifecycle();
        overload();
        consumerCost();
        resources();
        whereTimeGoes();
        method();
        return md.toString();
    }

    private void targets() {
        line("## Targets");
        line("");
        line("| target | measured | |");
        line("|---|---|---|");
        Results.Step b = batchConfirm();
        Results.Step s = singleConfirm();
        line("| batch ingestion ≥ " + f0(o.targetBatch) + " events/s sustained (" + o.confirmSeconds + " s, p99 < "
                + f0(o.p99LimitMs) + " ms, no errors) | " + sustained(r.batchSustained, b) + " | "
                + met(r.batchSustained >= o.targetBatch) + " |");
        line("| single-event ingestion ≥ " + f0(o.targetSingle) + " events/s sustained (p99 < " + f0(o.p99LimitMs)
                + " ms, no errors) | " + sustained(r.singleSustained, s) + " | "
                + met(r.singleSustained >= o.targetSingle) + " |");
        Stats l = lifecycleStats();
        line("| lifecycle latency, qualify → opportunity visible, p99 < " + f0(o.lifecycleP99LimitMs) + " ms at half "
                + "the sustained rate | p99 " + ms(l.p99()) + " ms (p50 " + ms(l.p50()) + ", max " + ms(l.max()) + ", "
                + l.count() + " leads" + (r.lifecycle != null && !r.lifecycle.errors().isEmpty()
                ? ", errors " + r.lifecycle.errors() : "") + ") | " + met(lifecycleMet()) + " |");
        if (r.overload != null) {
            Stats ov = Stats.of(r.overload.lifecycle());
            line("| under overload (batch ingestion at " + f1(o.overloadFactor) + "× the sustained rate, issue 27): "
                    + "lifecycle p99 within " + f0(o.overloadRatioLimit) + "× twice Kafka's end-to-end p99, every "
                    + "accepted event on the topic | p99 " + ms(ov.p99()) + " ms = " + ratio(ov.p99(), twiceE2e99())
                    + " of " + ms(twiceE2e99()) + " ms; " + shedShare() + "; lost " + f0(overloadLost()) + " | "
                    + met(overloadMet()) + " |");
        }
        boolean rssMet = !r.memory.isEmpty();
        List<String> rss = new ArrayList<>();
        for (Results.Memory m : r.memory) {
            rss.add(m.name().replace("-service", "") + " " + f0(m.rssKb() / 1024.0) + " MB");
            rssMet &= m.rssKb() / 1024.0 < o.targetRssMb;
        }
        line("| each service's RSS < " + f0(o.targetRssMb) + " MB after the run | " + String.join(", ", rss) + " | "
                + met(rssMet) + " |");
        boolean readyMet = r.starts.size() == BatonRun.SERVICES.size();
        List<String> ready = new ArrayList<>();
        for (BatonRun.Start st : r.starts.values()) {
            ready.add(st.service().replace("-service", "") + " " + f2(st.readySeconds()) + " s");
            readyMet &= st.readySeconds() < o.targetReadySeconds;
        }
        line("| each service ready in < " + f0(o.targetReadySeconds) + " s | " + String.join(", ", ready) + " | "
                + met(readyMet) + " |");
        line("");
    }

    private String sustained(double rate, Results.Step step) {
        if (step == null) {
            return "not measured";
        }
        Stats st = step.result().stats();
        String stats = "p50 " + ms(st.p50()) + " / p99 " + ms(st.p99()) + " / p99.9 " + ms(st.p999()) + " / max "
                + ms(st.max()) + " ms, " + String.format(Locale.ROOT, "%,d", st.count()) + " requests";
        if (rate > 0) {
            return "**" + f0(rate) + " events/s** (" + stats + ")";
        }
        return "none sustained; best try " + f0(step.result().targetEventsPerSecond()) + " events/s failed: "
                + step.failureReason() + " (" + stats + ")";
    }

    private void baselines() {
        line("## Baselines: the broker's and the database's limits, measured first in the same run");
        line("");
        statsHeader("baseline", "throughput");
        if (r.producer != null) {
            KafkaBaselines.Producer p = r.producer;
            line(String.format(Locale.ROOT, "| Kafka ProducerPerformance: %,d × %d-byte records, acks=all, idempotent | "
                            + "**%s records/s** (%s MB/s) | %s | %s | %s | %s | %,d |", p.records(), o.kafkaRecordSize,
                    f0(p.recordsPerSecond()), f1(p.mbPerSecond()), ms(p.p50()), ms(p.p99()), ms(p.p999()), ms(p.maxMs()),
                    p.records()));
        }
        if (r.endToEnd != null) {
            KafkaBaselines.EndToEnd e = r.endToEnd;
            line(String.format(Locale.ROOT, "| Kafka EndToEndLatency: produce (acks=all) then consume one %d-byte "
                            + "record at a time | avg %s ms | %s | %s | %s | - | %,d |", o.kafkaRecordSize, f2(e.avgMs()),
                    wholeMs(e.p50()), wholeMs(e.p99()), wholeMs(e.p999()), e.records()));
        }
        for (PgBaseline.Result pg : new PgBaseline.Result[] {r.pgSingle, r.pgBatch}) {
            if (pg != null) {
                statsRow("PostgreSQL (JDBC): " + pg.shape() + ", " + pg.connections() + " connections",
                        pg.latency(), "**" + f0(pg.transactionsPerSecond()) + " tx/s** = " + f0(pg.rowsPerSecond())
                                + " events/s");
            }
        }
        line("");
        line("Kafka's tools ran as child JVMs against `localhost:9092` (topics of their own, deleted afterwards; the "
                + "producer's topic has as many partitions as `marketing.engagement.v1`). EndToEndLatency prints whole "
                + "milliseconds. PostgreSQL: " + (r.pgSingle != null ? r.pgSingle.where() : "-") + ", tables with the "
                + "columns, keys and indexes of Baton's `engagement` and `outbox`; latency = one transaction, inserts "
                + "and commit (`synchronous_commit=on`, `fsync=on`, as the launcher configures the server).");
        line("");
    }

    private void ratios() {
        line("## Baton / baseline");
        line("");
        line("| Baton | baseline | ratio |");
        line("|---|---|---:|");
        Results.Step s = singleConfirm();
        Results.Step b = batchConfirm();
        double single = r.singleSustained;
        double batch = r.batchSustained;
        if (r.pgSingle != null) {
            line("| single-event ingestion " + f0(single) + " events/s | PostgreSQL two-insert transactions "
                    + f0(r.pgSingle.transactionsPerSecond()) + " tx/s | " + ratio(single, r.pgSingle.transactionsPerSecond())
                    + " |");
        }
        if (r.producer != null) {
            line("| batch ingestion " + f0(batch) + " events/s (each becomes one Kafka record) | Kafka producer "
                    + f0(r.producer.recordsPerSecond()) + " records/s | " + ratio(batch, r.producer.recordsPerSecond())
                    + " |");
        }
        if (r.pgBatch != null) {
            line("| batch ingestion " + f0(batch) + " events/s | PostgreSQL batch transactions "
                    + f0(r.pgBatch.rowsPerSecond()) + " events/s | " + ratio(batch, r.pgBatch.rowsPerSecond()) + " |");
        }
        if (s != null && r.pgSingle != null) {
            line("| single-event p99 " + ms(s.result().stats().p99()) + " ms | PostgreSQL two-insert transaction p99 "
                    + ms(r.pgSingle.latency().p99()) + " ms | " + ratio(s.result().stats().p99(),
                    r.pgSingle.latency().p99()) + " |");
        }
        if (b != null && r.pgBatch != null) {
            line("| batch p99 " + ms(b.result().stats().p99()) + " ms | PostgreSQL batch transaction p99 "
                    + ms(r.pgBatch.latency().p99()) + " ms | " + ratio(b.result().stats().p99(), r.pgBatch.latency().p99())
                    + " |");
        }
        if (r.endToEnd != null && r.lifecycle != null) {
            Stats l = lifecycleStats();
            double e2e50 = Math.max(r.endToEnd.p50(), r.endToEnd.avgMs());
            double e2e99 = Math.max(r.endToEnd.p99(), r.endToEnd.avgMs());
            line("| lifecycle p50 " + ms(l.p50()) + " ms (two Kafka hops: qualified → handoff, handed-off → sales) | 2 × "
                    + "Kafka end-to-end " + ms(e2e50) + " ms | " + ratio(l.p50(), 2 * e2e50) + " |");
            line("| lifecycle p99 " + ms(l.p99()) + " ms | 2 × Kafka end-to-end p99 " + ms(e2e99) + " ms | "
                    + ratio(l.p99(), 2 * e2e99) + " |");
        }
        if (r.endToEnd != null && r.overload != null) {
            Stats ov = Stats.of(r.overload.lifecycle());
            line("| lifecycle p99 under overload " + ms(ov.p99()) + " ms | 2 × Kafka end-to-end p99 (at least 1 ms) "
                    + ms(twiceE2e99() / 2) + " ms | " + ratio(ov.p99(), twiceE2e99()) + " (limit "
                    + f0(o.overloadRatioLimit) + "×) |");
        }
        line("");
    }

    private void stepTable(List<Results.Step> steps) {
        line("| step | target events/s | achieved events/s | p50 ms | p99 ms | p99.9 ms | max ms | requests | errors | "
                + "outbox after (relay events/s) | consumer lag after (m / h / s) | settled in s | marketing GC young / "
                + "full (ms) | WAL MB/s, checkpoints | |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (Results.Step st : steps) {
            OpenLoop.Result res = st.result();
            Stats s = res.stats();
            line("| " + res.name() + " | " + f0(res.targetEventsPerSecond()) + " | " + f0(res.achievedEventsPerSecond())
                    + " | " + ms(s.p50()) + " | " + ms(s.p99()) + " | " + ms(s.p999()) + " | " + ms(s.max()) + " | "
                    + String.format(Locale.ROOT, "%,d", res.scheduled()) + " | " + res.errors() + " | "
                    + String.format(Locale.ROOT, "%,d", st.outboxAtEnd()) + " (" + f0(st.relayEventsPerSecond()) + ") | "
                    + lag(st) + " | " + f1(st.drainSeconds()) + " | " + gc(st, "marketing-service") + " | " + f1(st.diagnostics().walMbPerSecond()) + ", "
                    + st.diagnostics().checkpoints() + " | "
                    + (st.passed() ? "pass" : "fail: " + st.failureReason()) + " |");
        }
        line("");
    }

    private static String lag(Results.Step st) {
        if (st.consumerLagAtEnd() == null || st.consumerLagAtEnd().isEmpty()) {
            return "-";
        }
        return String.join(" / ", st.consumerLagAtEnd().values().stream().map(v -> String.format(Locale.ROOT, "%,d", v))
                .toList());
    }

    private static String gc(Results.Step st, String jvm) {
        Diagnostics.Gc gc = st.diagnostics() == null ? null : st.diagnostics().gc().get(jvm);
        if (gc == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%d (%.0f) / %d (%.0f)", gc.young(), gc.youngMs(), gc.full(), gc.fullMs());
    }

    private void ingestion() {
        line("## Engagement ingestion");
        line("");
        line("Open model: requests are due at a constant rate whatever the service answers, and each latency runs from "
                + "the request's *intended* send time to its `202` (no coordinated omission). A rate passes when p99 < "
                + f0(o.p99LimitMs) + " ms with no error (every request answered `202`, no batch item `REJECTED`). "
                + "Short probes (" + o.probeSeconds + " s) ramp up ×" + o.rampFactor + " until one fails (a failed "
                + "probe is run once more and the rate fails only if both do), then bisect "
                + o.refineSteps + " times; the rate found is then held for " + o.confirmSeconds + " s (if that fails, "
                + "again at " + f0((1 - o.confirmStepDown) * 100) + "% lower, at most " + o.confirmRetries + " times). Single events: `POST /engagements`; batches: `POST /engagements/batch` with "
                + o.batchSize + " events each; visitors drawn from " + String.format(Locale.ROOT, "%,d", o.visitors)
                + ", an `integration` token. *Outbox after* = events marketing accepted but had not put on Kafka "
                + "when the step ended (rows in its outbox, plus engagement rows its engagement feed had not published "
                + "yet: engagement is published from its own table), and the events/s its relay published meanwhile. "
                + (o.maxOutboxLagSeconds > 0 ? "**A rate also needs the relay to keep up** (stricter than the issue's "
                + "wording, which judges the 202s only): at the end of the step at most " + f0(o.maxOutboxLagSeconds)
                + " s of events (or 1,000) may wait in the outbox; otherwise the 202s are fast only because the work "
                + "is left for later, and the backlog grows without bound. " : "")
                + "Consumer lag: lifecycle/ownership/response records each service's consumers had not processed "
                + "(committed) when the step ended; *settled in*: how long the benchmark then waited for the outbox "
                + "and the consumers to catch up before the next step (at most " + o.settleSeconds + " s). "
                + "GC: collections and pause time of marketing-service during the step (`jstat`); WAL and checkpoints: "
                + "PostgreSQL's `pg_stat_wal` and `pg_stat_checkpointer`.");
        line("");
        line("### Sustained (" + o.confirmSeconds + " s)");
        line("");
        List<Results.Step> confirms = new ArrayList<>(r.singleConfirms);
        confirms.addAll(r.batchConfirms);
        stepTable(confirms);
        line("### Rate search (probes)");
        line("");
        List<Results.Step> probes = new ArrayList<>(r.singleProbes);
        probes.addAll(r.batchProbes);
        stepTable(probes);
    }

    private void lifecycle() {
        line("## Lifecycle latency at half the sustained rate");
        line("");
        if (r.lifecycle == null) {
            line("Not measured.");
            line("");
            return;
        }
        Lifecycle.Result l = r.lifecycle;
        line(String.format(Locale.ROOT, "%s visitors a second each send an engagement event and convert (`POST "
                        + "/conversions`, consent given); %.0f%% of them are qualified by a marketer (`POST "
                        + "/leads/{id}/qualify`); sales-service is polled (`GET /opportunities?leadId=`, an `ops` "
                        + "token) until the opportunity shows: once a second until the benchmark's own consumer of "
                        + "`lead.lifecycle.v1` has seen the lead's `handed-off` record, then every %d ms growing to a "
                        + "fifth of the time since that record (at most 1 s), so the polls do not flood sales-service "
                        + "and overstate what they measure by at most about 20%% (never understate it); the assigned rep "
                        + "accepts it (their own "
                        + "token) and the bench polls the same way until it is OPEN; "
                        + "%.0f%% of those are closed WON and retained (check-in). Meanwhile %s ingestion runs at %s "
                        + "events/s (half the sustained rate), for %d s, after %d s of the same journeys without "
                        + "background load (not measured: they warm up the handoff and sales code paths, which nothing "
                        + "before this step exercises). The lifecycle latency runs from the qualify answer to the answer "
                        + "of the first poll that sees the opportunity.", f0(o.conversionsPerSecond), o.qualifyShare * 100, o.pollMillis,
                o.wonShare * 100, o.lifecycleBackground, f0(r.lifecycleBackgroundRate), o.lifecycleSeconds,
                o.lifecycleWarmupSeconds));
        line("");
        journeyRows(l);
        statsRow("close WON → 200", Stats.of(l.close()));
        statsRow("retention check-in → 201", Stats.of(l.retention()));
        if (l.background() != null) {
            statsRow("background: " + l.background().name() + " (" + f0(l.background().achievedEventsPerSecond())
                    + " events/s, " + l.background().errors() + " errors)", l.background().stats());
        }
        line("");
        line("Stage times come from the records' create times on `lead.lifecycle.v1` (read by a plain consumer), in whole "
                + "milliseconds. Journeys: " + l.counts() + (l.errors().isEmpty() ? ", no errors."
                : ". **Errors:** " + l.errors() + "."));
        line("");
    }

    /** The header and the rows every lifecycle table shares: the journey's latency and its stages. */
    private void journeyRows(Lifecycle.Result l) {
        statsHeader("measure");
        statsRow("**qualify answered → opportunity visible in sales-service**", Stats.of(l.lifecycle()));
        statsRow("engagement + conversion (open model, from intended time)", l.conversions().stats());
        statsRow("qualify request → 200", Stats.of(l.qualify()));
        statsRow("stage: qualify answered → `qualified` record on Kafka (marketing's outbox relay)",
                Stats.of(l.stageMarketingRelay()));
        statsRow("stage: `qualified` → `handed-off` record (handoff consumer, assignment, its outbox relay)",
                Stats.of(l.stageHandoff()));
        statsRow("stage: `handed-off` record → opportunity visible (sales consumer + poll)", Stats.of(l.stageSales()));
        statsRow("accept 202 → opportunity OPEN (sales → handoff → sales round trip)", Stats.of(l.acceptToOpen()));
    }

    private void overload() {
        line("## Overload: batch ingestion at " + f1(o.overloadFactor) + "× the sustained rate beside the lifecycle");
        line("");
        if (r.overload == null) {
            line("Not measured.");
            line("");
            return;
        }
        Lifecycle.Result l = r.overload;
        OpenLoop.Result b = l.background();
        line(String.format(Locale.ROOT, "The lifecycle journeys of the step above, for %d s, beside batch ingestion "
                        + "at %s events/s (%s batches of %d), twice what the run sustained: engagement is bulk work, "
                        + "which marketing's admission control refuses (429, `Retry-After`) while it is behind, so that "
                        + "leads keep moving. Every batch event's id is tagged; after the step the topic "
                        + "`marketing.engagement.v1` is read from where it stood before it, and the tagged records are "
                        + "counted.", o.overloadSeconds, f0(r.overloadRate), f0(r.overloadRate / o.batchSize),
                o.batchSize));
        line("");
        line("| measure | value |");
        line("|---|---:|");
        if (b != null) {
            line("| batch requests sent | " + String.format(Locale.ROOT, "%,d", b.scheduled()) + " |");
            line("| shed (429 with Retry-After) | " + shedShare() + " |");
            line("| other errors | " + b.errorReasons().entrySet().stream()
                    .filter(e -> !e.getKey().equals("HTTP 429")).map(e -> e.getKey() + ": " + e.getValue()).toList()
                    + " |");
            line("| events accepted (202, RECORDED) | " + String.format(Locale.ROOT, "%,d", r.overloadAccepted)
                    + " (" + f0(b.achievedEventsPerSecond()) + " events/s) |");
        }
        line("| of them on the topic | " + String.format(Locale.ROOT, "%,d", r.overloadPublished) + " |");
        line("| lost (accepted, not on the topic) | " + f0(overloadLost()) + " |");
        line("| lifecycle p99 / (2 × Kafka end-to-end p99) | " + ratio(Stats.of(l.lifecycle()).p99(), twiceE2e99())
                + " (limit " + f0(o.overloadRatioLimit) + "×): " + met(overloadMet()) + " |");
        line("");
        journeyRows(l);
        if (b != null) {
            statsRow("batch requests, all answers (429s included)", b.stats());
        }
        line("");
        line("Journeys: " + l.counts() + (l.errors().isEmpty() ? ", no errors." : ". **Errors:** " + l.errors() + "."));
        line("");
    }

    private void consumerCost() {
        line("## What the consumers cost per record");
        line("");
        line("Over each step and the settling after it (so that every record the step caused is consumed inside the "
                + "window): the records each service's consumers handled and the transactions they committed "
                + "(`baton_consumer_records_total`, `baton_consumer_transactions_total`), then the whole service's CPU "
                + "and its database's statement time (`pg_stat_database.active_time`) and commits per record. The last "
                + "three count everything the service did (REST calls too): upper bounds of its consumers' cost; "
                + "marketing's are dominated by the ingestion beside them.");
        line("");
        line("| step | service | records | consumer transactions per record | CPU ms per record | database ms per "
                + "record | database commits per record |");
        line("|---|---|---:|---:|---:|---:|---:|");
        costRows("lifecycle", r.lifecycleCost);
        costRows("overload", r.overloadCost);
        line("");
    }

    private void costRows(String step, Map<String, ConsumerCost.Cost> costs) {
        costs.values().forEach(c -> line("| " + step + " | " + c.service() + " | " + f0(c.records()) + " | "
                + f2(c.transactionsPerRecord()) + " | " + f2(c.cpuMsPerRecord()) + " | " + f2(c.dbActiveMsPerRecord())
                + " | " + f2(c.dbCommitsPerRecord()) + " |"));
    }

    private void resources() {
        line("## Per-service memory and time to ready");
        line("");
        line("| service | RSS after the run MB | RSS at the end of the last step MB | peak RSS MB | anon / file MB | heap committed (used) MB | metaspace MB "
                + "| code cache MB | threads | ready s (process start → first 200 on /q/health/ready) | Quarkus "
                + "\"started in\" s |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Results.Memory m : r.memory) {
            BatonRun.Start st = r.starts.get(m.name());
            Long atEnd = r.rssAtEndKb.get(m.name());
            line("| " + m.name() + " | **" + f1(m.rssKb() / 1024.0) + "** | " + (atEnd == null ? "-" : f1(atEnd / 1024.0))
                    + " | " + f1(m.hwmKb() / 1024.0) + " | "
                    + f1(m.rssAnonKb() / 1024.0) + " / " + f1(m.rssFileKb() / 1024.0) + " | "
                    + f1(m.heapCommittedKb() / 1024.0) + " (" + f1(m.heapUsedKb() / 1024.0) + ") | "
                    + f1(m.metaspaceCommittedKb() / 1024.0) + " | " + f1(m.codeCacheKb() / 1024.0) + " | " + m.threads()
                    + " | **" + (st == null ? "-" : f2(st.readySeconds())) + "** | "
                    + (st == null ? "-" : f2(st.quarkusStartedInSeconds())) + " |");
        }
        for (Results.Memory m : r.infraMemory) {
            line("| " + m.name() + " | " + f1(m.rssKb() / 1024.0) + " | | " + (m.hwmKb() < 0 ? "-" : f1(m.hwmKb() / 1024.0))
                    + " | | " + (m.heapCommittedKb() < 0 ? "" : f1(m.heapCommittedKb() / 1024.0) + " ("
                    + f1(m.heapUsedKb() / 1024.0) + ")") + " | | | | | |");
        }
        line("");
        line(String.format(Locale.ROOT, "The launcher reported all services ready %s s after it started them (the three "
                + "start together, after the embedded broker and database). RSS is read from /proc/PID/status (VmRSS, "
                + "VmHWM) after every measure and before the profiles, once the consumers had caught up and the services "
                + "had been idle (%s s after the last step; the services' G1 collector gives unused heap back after 10 s "
                + "without a collection); the RSS at the end of the last step is the column beside it. Heap, metaspace "
                + "and code cache from `jcmd`.", f1(r.launcherReadySeconds), f0(r.memoryIdleSeconds)));
        line("");
    }

    private void cpuTable() {
        List<String> groups = new ArrayList<>();
        List<Map.Entry<String, Map<String, Double>>> rows = new ArrayList<>();
        for (Results.CpuPhase p : r.baselineCpu) {
            rows.add(Map.entry(p.phase(), p.cpuCores()));
        }
        List<Results.Step> steps = r.sustainedSteps();
        steps.addAll(r.profileSteps);
        for (Results.Step st : steps) {
            rows.add(Map.entry(st.result().name(), st.cpuCores()));
        }
        for (Map.Entry<String, Map<String, Double>> row : rows) {
            for (String g : row.getValue().keySet()) {
                if (!groups.contains(g)) {
                    groups.add(g);
                }
            }
        }
        StringBuilder h = new StringBuilder("| step |");
        StringBuilder sep = new StringBuilder("|---|");
        for (String g : groups) {
            h.append(' ').append(g).append(" |");
            sep.append("---:|");
        }
        line(h.toString());
        line(sep.toString());
        for (Map.Entry<String, Map<String, Double>> row : rows) {
            StringBuilder line = new StringBuilder("| ").append(row.getKey()).append(" |");
            for (String g : groups) {
                line.append(' ').append(f2(row.getValue().getOrDefault(g, Double.NaN))).append(" |");
            }
            line(line.toString());
        }
        line("");
    }

    private void whereTimeGoes() {
        line("## Where the time goes");
        line("");
        line("### CPU by process (cores busy on average; this machine has "
                + Runtime.getRuntime().availableProcessors() + ")");
        line("");
        line("From /proc/PID/stat during each step; *kafka* is the launcher's JVM, which hosts the embedded broker; "
                + "*load generator / tools* is this benchmark's JVM and its children (Kafka's tools).");
        line("");
        cpuTable();
        gcTable();
        pgWaitTable();
        if (!r.classHistograms.isEmpty()) {
            line("### What the services' heaps hold");
            line("");
            line("`jcmd PID GC.class_histogram` (live objects, after a full GC) right after start and after the measures; "
                    + "the heap is `-Xmx96m`.");
            line("");
            for (String service : r.classHistograms.keySet()) {
                line("<details><summary>" + service + "</summary>");
                line("");
                line("After start:");
                line("");
                line("```");
                md.append(r.classHistogramsAtStart.getOrDefault(service, "-").stripTrailing()).append('\n');
                line("```");
                line("");
                line("After the measures:");
                line("");
                line("```");
                md.append(r.classHistograms.get(service).stripTrailing()).append('\n');
                line("```");
                line("");
                line("</details>");
                line("");
            }
        }
        if (!r.profiles.isEmpty()) {
            line("### Profiles (JFR execution samples)");
            line("");
            line("Recorded with `jcmd PID JFR.start settings=profile` after the measures (so that the RSS above is not "
                    + "the recorder's), under the same loads: the recorder's start makes the JIT recompile, so each "
                    + "recording first runs an 8 s warm-up at half the rate, and only the " + o.profileSeconds
                    + " s after it are summarised. Shares are of the "
                    + "Java execution samples (GC threads are not sampled; their pauses are listed). The .jfr files are "
                    + "in `profiles/` (open with JDK Mission Control or `jfr print`).");
            line("");
            for (Profiler.Summary p : r.profiles) {
                line("#### " + p.service() + " during " + p.scenario());
                line("");
                if (p.error() != null) {
                    line("Could not read the recording: " + p.error());
                    line("");
                    continue;
                }
                line(String.format(Locale.ROOT, "%,d samples; JVM CPU %s cores (JFR CPULoad); %d GC pauses, %s ms in "
                        + "total: %s.", p.samples(), f2(p.jvmCpuCores()), p.gcCount(), f0(p.gcMillis()), p.gcByName()));
                line("");
                line("| by library (top frame) | share | top methods (self) | share | Baton frame nearest the top | share |");
                line("|---|---:|---|---:|---|---:|");
                int rows = Math.max(p.categories().size(), Math.max(p.topMethods().size(), p.batonFrames().size()));
                rows = Math.min(rows, 12);
                for (int i = 0; i < rows; i++) {
                    line("| " + cell(p.categories(), i, p.samples()) + " | " + cell(p.topMethods(), i, p.samples())
                            + " | " + cell(p.batonFrames(), i, p.samples()) + " |");
                }
                line("");
                List<String> threads = new ArrayList<>();
                for (Map.Entry<String, Long> t : p.threads()) {
                    threads.add("`" + t.getKey() + "` " + pct(t.getValue(), p.samples()));
                }
                line("Threads: " + String.join(", ", threads) + ".");
                line("");
            }
        }
    }

    private void gcTable() {
        List<Results.Step> steps = r.sustainedSteps();
        if (steps.isEmpty()) {
            return;
        }
        line("### Garbage collection during the steps (`jstat -gc`)");
        line("");
        line("Young / full collections and their total pause in ms, per JVM (G1 and `-Xmx96m` for the "
                + "services, Serial for the launcher's JVM). A full collection stops the JVM for its whole duration; "
                + "the short remark and cleanup pauses of G1's concurrent cycles are not counted here.");
        line("");
        List<String> jvms = new ArrayList<>(BatonRun.SERVICES.keySet());
        jvms.add("kafka (launcher JVM)");
        StringBuilder h = new StringBuilder("| step | seconds |");
        StringBuilder sep = new StringBuilder("|---|---:|");
        for (String j : jvms) {
            h.append(' ').append(j).append(" |");
            sep.append("---:|");
        }
        h.append(" PostgreSQL WAL MB/s | checkpoints | outbox vacuums |");
        sep.append("---:|---:|---:|");
        line(h.toString());
        line(sep.toString());
        for (Results.Step st : steps) {
            StringBuilder row = new StringBuilder("| ").append(st.result().name()).append(" | ")
                    .append(f0(st.diagnostics().seconds())).append(" |");
            for (String j : jvms) {
                row.append(' ').append(gc(st, j)).append(" |");
            }
            row.append(' ').append(f1(st.diagnostics().walMbPerSecond())).append(" | ")
                    .append(st.diagnostics().checkpoints()).append(" | ").append(st.diagnostics().outboxVacuums())
                    .append(" |");
            line(row.toString());
        }
        line("");
    }

    private void pgWaitTable() {
        List<Results.Step> steps = r.sustainedSteps();
        steps.removeIf(st -> !r.pgWaits.containsKey(st));
        if (steps.isEmpty()) {
            return;
        }
        line("### What marketing's slow database work waited on");
        line("");
        line("`pg_stat_activity` of marketing's database sampled every 20 ms during each step: every backend whose "
                + "statement had run longer than " + PgWaits.SLOW.toMillis() + " ms, by statement and wait event "
                + "(*CPU*: running, or waiting on something PostgreSQL does not instrument, such as a core), and every "
                + "transaction that had sat idle that long waiting for marketing's next statement (*idle in "
                + "transaction*). A COMMIT on `IO:WalSync` is the WAL flush itself; on `LWLock:WALWrite` it queues "
                + "behind another backend's flush. Counts are backend-samples: one slow statement seen in three "
                + "samples counts 3.");
        line("");
        line("| step | samples | samples with slow work | slow work seen (backend-samples) |");
        line("|---|---:|---:|---|");
        for (Results.Step st : steps) {
            PgWaits.Counts c = r.pgWaits.get(st);
            String seen = c.slow().entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(5)
                    .map(e -> "`" + e.getKey() + "` " + e.getValue())
                    .collect(Collectors.joining(", "));
            line("| " + st.result().name() + " (" + f0(st.result().targetEventsPerSecond()) + " events/s) | "
                    + String.format(Locale.ROOT, "%,d", c.samples()) + " | "
                    + String.format(Locale.ROOT, "%,d", c.samplesWithSlow()) + " (" + pct(c.samplesWithSlow(), c.samples())
                    + ") | " + (seen.isEmpty() ? "none" : seen) + " |");
        }
        line("");
    }

    private static String pct(long n, long of) {
        return of <= 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * n / of);
    }

    private static String cell(List<Map.Entry<String, Long>> list, int i, long samples) {
        if (i >= list.size()) {
            return " | ";
        }
        String key = list.get(i).getKey();
        if (key.length() > 70) {
            key = "…" + key.substring(key.length() - 69);
        }
        return "`" + key + "` | " + pct(list.get(i).getValue(), samples);
    }

    private void method() {
        line("## How it was measured");
        line("");
        line("* System: `baton-launcher.jar --fresh --data <run>/data` (embedded KRaft broker on 9092, embedded "
                + "PostgreSQL 17 on 15432 keeping 32 empty WAL segments ready ahead as a warmed server would "
                + "(`BATON_PG_WAL_SEGMENTS_AHEAD=32`, set by the benchmark only), services on 8081-8083 with `-Xmx96m -Xms16m -XX:+UseG1GC "
                + "-XX:G1PeriodicGCInterval=10000 -XX:GCTimeRatio=99 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 "
                + "-XX:TrimNativeHeapInterval=5000`, `MALLOC_ARENA_MAX=2` and the class-data archive the build made, "
                + "started one after the other), started and stopped "
                + "(SIGTERM) by the benchmark. Time to ready: from the service process's start time (/proc) to its "
                + "first `200` on `/q/health/ready`, polled every 50 ms; the launcher starts the next service once one "
                + "is ready, so the whole system's time to ready is about the sum.");
        line("* Load generator: one JVM, a Vert.x HTTP/1.1 client (two event loops, up to " + o.httpClients
                + " keep-alive connections per service), "
                + "one scheduler thread "
                + "firing at the intended times, HdrHistogram (3 significant digits) from the intended send time; "
                + "request timeout " + o.requestTimeoutSeconds + " s. It shares the machine with the system under test; "
                + "its own CPU is in the table above.");
        line("* Between steps the benchmark waits until marketing's outbox is drained and every service's consumers "
                + "have caught up (at most " + o.settleSeconds + " s), so that a step does not pay for the previous "
                + "one's backlog.");
        line("* Options: `" + String.join(" ", o.describe()) + "`.");
        line("* Raw percentile distributions: `histograms/*.hgrm`; plot: [latency.svg](latency.svg).");
        line("");
        line("![latency by percentile](latency.svg)");
        line("");
    }

    // ------------------------------------------------------------------ plot and raw histograms

    Map<String, Histogram> histograms() {
        Map<String, Histogram> h = new LinkedHashMap<>();
        Results.Step s = singleConfirm();
        Results.Step b = batchConfirm();
        if (s != null) {
            h.put("single-ingestion", s.result().histogram());
        }
        if (b != null) {
            h.put("batch-ingestion", b.result().histogram());
        }
        if (r.lifecycle != null) {
            h.put("lifecycle-qualify-to-opportunity", r.lifecycle.lifecycle());
            h.put("lifecycle-conversion", r.lifecycle.conversions().histogram());
            h.put("lifecycle-accept-to-open", r.lifecycle.acceptToOpen());
        }
        if (r.overload != null) {
            h.put("overload-qualify-to-opportunity", r.overload.lifecycle());
        }
        if (r.pgSingle != null) {
            h.put("baseline-postgresql-two-insert", r.pgSingle.histogram());
        }
        if (r.pgBatch != null) {
            h.put("baseline-postgresql-batch", r.pgBatch.histogram());
        }
        return h;
    }

    String svg() {
        List<Svg.Series> series = new ArrayList<>();
        Results.Step s = singleConfirm();
        Results.Step b = batchConfirm();
        if (s != null) {
            series.add(new Svg.Series("single event 202 @ " + f0(s.result().targetEventsPerSecond()) + "/s",
                    s.result().histogram()));
        }
        if (b != null) {
            series.add(new Svg.Series("batch of " + o.batchSize + " 202 @ " + f0(b.result().targetEventsPerSecond())
                    + " ev/s", b.result().histogram()));
        }
        if (r.lifecycle != null) {
            series.add(new Svg.Series("qualify → opportunity visible", r.lifecycle.lifecycle()));
            series.add(new Svg.Series("accept → opportunity OPEN", r.lifecycle.acceptToOpen()));
        }
        if (r.pgSingle != null) {
            series.add(new Svg.Series("baseline: PostgreSQL 2-insert tx", r.pgSingle.histogram()));
        }
        return Svg.plot("Baton latency by percentile (" + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                        .withZone(ZoneOffset.UTC).format(r.started) + ")", series,
                List.of(new Svg.Line("ingestion target p99 " + f0(o.p99LimitMs) + " ms", o.p99LimitMs),
                        new Svg.Line("lifecycle target p99 " + f0(o.lifecycleP99LimitMs) + " ms", o.lifecycleP99LimitMs)));
    }
}
