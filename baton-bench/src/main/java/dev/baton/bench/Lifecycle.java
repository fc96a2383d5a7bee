package dev.baton.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Leads walked through the lifecycle the way LeadJourneyIT does it, at a constant arrival rate of converting visitors:
 * engagement, conversion, then for a share of them a marketer's qualification, the opportunity appearing in
 * sales-service (polled), the assigned rep's acceptance, and for a share of those a WON close and a retention check-in.
 * The measure is the time from the qualify answer to the first poll that sees the opportunity. A plain Kafka consumer
 * on the lifecycle topic times the stages in between (the records' create times).
 */
final class Lifecycle {

    /** One qualified lead's timestamps (epoch ms); 0 = not seen. */
    static final class Journey {
        final String leadId;
        volatile long qualifyAnswered;
        volatile long qualifiedPublished;
        volatile long handedOffPublished;
        volatile long opportunityVisible;
        /** When this benchmark's consumer saw the handed-off / accepted record (System.nanoTime), 0 = not yet. */
        volatile long handedOffSeen;
        volatile long acceptedSeen;
        volatile long lastPoll;

        Journey(String leadId) {
            this.leadId = leadId;
        }
    }

    record Result(OpenLoop.Result conversions, OpenLoop.Result background, Histogram qualify, Histogram lifecycle,
            Histogram stageMarketingRelay, Histogram stageHandoff, Histogram stageSales, Histogram acceptToOpen,
            Histogram close, Histogram retention, Map<String, Long> counts, Map<String, Long> errors) {
    }

    private final Api api;
    private final String bootstrap;
    private final double qualifyShare;
    private final double wonShare;
    private final Duration pollInterval;
    private final Duration giveUp;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-poll");
        t.setDaemon(true);
        return t;
    });
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final Map<String, Journey> tracked = new ConcurrentHashMap<>();
    private final Queue<Journey> journeys = new ConcurrentLinkedQueue<>();
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final Histogram qualify = histogram();
    private final Histogram lifecycle = histogram();
    private final Histogram acceptToOpen = histogram();
    private final Histogram close = histogram();
    private final Histogram retention = histogram();

    Lifecycle(Api api, String bootstrap, double qualifyShare, double wonShare, Duration pollInterval, Duration giveUp) {
        this.api = api;
        this.bootstrap = bootstrap;
        this.qualifyShare = qualifyShare;
        this.wonShare = wonShare;
        this.pollInterval = pollInterval;
        this.giveUp = giveUp;
    }

    private static Histogram histogram() {
        return new ConcurrentHistogram(Duration.ofMinutes(10).toNanos() / 1000, 3);
    }

    /**
     * Runs {@code conversionsPerSecond} journeys a second for {@code duration} while {@code background} (ingestion at
     * half the sustained rate) runs beside it, then waits for the journeys still under way.
     */
    Result run(double conversionsPerSecond, Duration duration, java.util.function.Supplier<OpenLoop.Result> background,
            double p99LimitMs) throws Exception {
        LifecycleWatch watch = new LifecycleWatch();
        Thread watcher = new Thread(watch, "bench-lifecycle-watch");
        watcher.setDaemon(true);
        watcher.start();
        try {
            watch.ready.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            errors.computeIfAbsent("lifecycle topic watch not ready (no stage times): " + e, k -> new LongAdder())
                    .increment();
        }
        CompletableFuture<OpenLoop.Result> backgroundRun = CompletableFuture.supplyAsync(background,
                Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "bench-background");
                    t.setDaemon(true);
                    return t;
                }));
        String marketer = api.token("MARKETER");
        OpenLoop.Result conversions = OpenLoop.run("lifecycle: engagement + conversion", conversionsPerSecond, 1,
                duration, seq -> convert(seq, marketer), 2000, Duration.ofSeconds(15), p99LimitMs);
        OpenLoop.Result backgroundResult = backgroundRun.get(duration.toSeconds() + 120, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + giveUp.toNanos() + Duration.ofSeconds(30).toNanos();
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (pending.get() > 0) {
            errors.computeIfAbsent("journeys unfinished at the end", k -> new LongAdder()).add(pending.get());
        }
        // Late lifecycle records: the watch reads on to the topic's end as it is now (at most 10 s), then stops.
        watch.finish = true;
        watcher.join(10_000);
        watch.stop = true;
        timer.shutdownNow();

        Histogram relay = histogram();
        Histogram handoffStage = histogram();
        Histogram salesStage = histogram();
        LongAdder negative = new LongAdder();
        for (Journey j : journeys) {
            if (j.qualifyAnswered > 0 && j.qualifiedPublished > 0) {
                record(relay, j.qualifiedPublished - j.qualifyAnswered, negative);
            }
            if (j.qualifiedPublished > 0 && j.handedOffPublished > 0) {
                record(handoffStage, j.handedOffPublished - j.qualifiedPublished, negative);
            }
            if (j.handedOffPublished > 0 && j.opportunityVisible > 0) {
                record(salesStage, j.opportunityVisible - j.handedOffPublished, negative);
            }
        }
        count("stage timestamps before the previous one (clock resolution, clamped to 0)", negative.sum());
        return new Result(conversions, backgroundResult, qualify, lifecycle, relay, handoffStage, salesStage,
                acceptToOpen, close, retention, sum(counts), sum(errors));
    }

    private static void record(Histogram h, long millis, LongAdder negative) {
        if (millis < 0) {
            negative.increment();
        }
        h.recordValue(Math.max(0, millis) * 1000);
    }

    private static Map<String, Long> sum(Map<String, LongAdder> adders) {
        Map<String, Long> out = new TreeMap<>();
        adders.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private void count(String what) {
        counts.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    private void count(String what, long n) {
        counts.computeIfAbsent(what, k -> new LongAdder()).add(n);
    }

    private void fail(String step, String reason) {
        errors.computeIfAbsent(step + ": " + reason, k -> new LongAdder()).increment();
        pending.decrementAndGet();
    }

    private static String status(Api.Reply r) {
        return "HTTP " + r.statusCode();
    }

    /** Engagement then conversion of one new visitor (the timed request); the rest of the journey goes on after. */
    private CompletableFuture<String> convert(long seq, String marketer) {
        String visitor = "bench-life-" + runId + "-" + seq;
        return api.post(api.marketing, "/engagements", marketer, api.oneEvent(visitor, null))
                .thenCompose(engaged -> {
                    if (engaged.statusCode() == 429) {
                        count("engagement shed (429), converted anyway"); // tracking is shed, the lead is not
                    } else if (engaged.statusCode() != 202) {
                        return CompletableFuture.completedFuture("engagement " + status(engaged));
                    }
                    String body = "{\"visitorId\":\"" + visitor + "\",\"email\":\"" + visitor + "@bench.example.com\","
                            + "\"kind\":\"FORM\",\"consent\":true,\"company\":\"Bench Ltd\",\"companySize\":120,"
                            + "\"role\":\"CTO\",\"country\":\"FR\"}";
                    return api.post(api.marketing, "/conversions", marketer, body).thenApply(converted -> {
                        if (converted.statusCode() != 201) {
                            return "conversion " + status(converted);
                        }
                        count("converted");
                        String leadId = Api.json(converted.body()).path("leadId").asText();
                        if (ThreadLocalRandom.current().nextDouble() < qualifyShare) {
                            pending.incrementAndGet();
                            qualify(leadId, marketer);
                        }
                        return null;
                    });
                });
    }

    private void qualify(String leadId, String marketer) {
        Journey journey = new Journey(leadId);
        tracked.put(leadId, journey);
        long sent = System.nanoTime();
        api.post(api.marketing, "/leads/" + leadId + "/qualify", marketer, "{\"reason\":\"benchmark\"}")
                .whenComplete((r, thrown) -> {
                    if (thrown != null) {
                        fail("qualify", OpenLoop.reasonOf(thrown));
                    } else if (r.statusCode() != 200) {
                        fail("qualify", status(r));
                    } else {
                        long answered = System.nanoTime();
                        journey.qualifyAnswered = System.currentTimeMillis();
                        qualify.recordValue((answered - sent) / 1000);
                        count("qualified");
                        journeys.add(journey);
                        pollOpportunity(journey, answered, answered + giveUp.toNanos());
                    }
                });
    }

    /**
     * How long to wait between two polls: every second (a safety net) until the record that makes the change possible
     * has been seen on Kafka, then a fifth of the time since (so a poll overstates what it measures by at most ~20%,
     * never understates it), between the poll interval and 1 s. So the bench does not flood sales-service with GETs
     * (each one a JWT check and a query) while it waits: about 25 polls per lead even when a stage takes seconds.
     */
    private long pollGapNanos(long seen, long now) {
        if (seen == 0) {
            return TimeUnit.SECONDS.toNanos(1);
        }
        return Math.max(pollInterval.toNanos(), Math.min(TimeUnit.SECONDS.toNanos(1), (now - seen) / 5));
    }

    private void schedule(Runnable tick) {
        timer.schedule(tick, pollInterval.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void pollOpportunity(Journey journey, long since, long deadline) {
        long now = System.nanoTime();
        if (now > deadline) {
            fail("opportunity poll", "not visible after " + giveUp.toSeconds() + " s");
            return;
        }
        if (now - journey.lastPoll < pollGapNanos(journey.handedOffSeen, now)) {
            schedule(() -> pollOpportunity(journey, since, deadline));
            return;
        }
        journey.lastPoll = now;
        count("opportunity polls");
        api.get(api.sales, "/opportunities?leadId=" + journey.leadId, api.token("OPS")).whenComplete((r, thrown) -> {
            JsonNode found = thrown == null && r.statusCode() == 200 ? opportunities(r.body()) : null;
            if (found != null && !found.isArray()) {
                fail("opportunity poll", "200 without a list: " + abbreviate(r.body()) + " " + r.framing());
            } else if (found != null && !found.isEmpty()) {
                long visible = System.nanoTime();
                journey.opportunityVisible = System.currentTimeMillis();
                lifecycle.recordValue((visible - since) / 1000);
                count("opportunity visible");
                JsonNode first = found.get(0);
                accept(journey, first.path("opportunityId").asText(), first.path("repId").asText());
            } else if (thrown == null && r.statusCode() == 429) {
                count("polls refused (429)"); // a client waits and asks again, as sales' bounded reads ask
                schedule(() -> pollOpportunity(journey, since, deadline));
            } else if (thrown == null && r.statusCode() != 200) {
                fail("opportunity poll", status(r));
            } else {
                schedule(() -> pollOpportunity(journey, since, deadline));
            }
        });
    }

    /** The answer's JSON, or a JSON text node holding the body when it is not JSON. */
    private static JsonNode opportunities(String body) {
        try {
            return Api.JSON.readTree(body == null ? "" : body);
        } catch (java.io.IOException e) {
            return com.fasterxml.jackson.databind.node.TextNode.valueOf(body);
        }
    }

    private static String abbreviate(String body) {
        String text = String.valueOf(body);
        return "'" + (text.length() > 120 ? text.substring(0, 120) + "..." : text) + "' (" + text.length() + " chars)";
    }

    private void accept(Journey journey, String opportunityId, String repId) {
        String rep = api.tokenOfRep(repId);
        api.post(api.sales, "/opportunities/" + opportunityId + "/accept", rep, null).whenComplete((r, thrown) -> {
            if (thrown != null) {
                fail("accept", OpenLoop.reasonOf(thrown));
            } else if (r.statusCode() != 202) {
                fail("accept", status(r));
            } else {
                long now = System.nanoTime();
                awaitOpen(journey, opportunityId, rep, now, now + giveUp.toNanos());
            }
        });
    }

    private void awaitOpen(Journey journey, String opportunityId, String rep, long since, long deadline) {
        long now = System.nanoTime();
        if (now > deadline) {
            fail("opportunity status poll", "not OPEN after " + giveUp.toSeconds() + " s");
            return;
        }
        if (now - journey.lastPoll < pollGapNanos(journey.acceptedSeen, now)) {
            schedule(() -> awaitOpen(journey, opportunityId, rep, since, deadline));
            return;
        }
        journey.lastPoll = now;
        count("opportunity status polls");
        api.get(api.sales, "/opportunities/" + opportunityId, rep).whenComplete((r, thrown) -> {
            if (thrown == null && r.statusCode() == 200 && r.body().contains("\"status\":\"OPEN\"")) {
                acceptToOpen.recordValue((System.nanoTime() - since) / 1000);
                count("accepted (OPEN)");
                if (ThreadLocalRandom.current().nextDouble() < wonShare) {
                    closeWon(journey, opportunityId, rep);
                } else {
                    pending.decrementAndGet();
                }
            } else if (thrown == null && r.statusCode() == 429) {
                count("polls refused (429)");
                schedule(() -> awaitOpen(journey, opportunityId, rep, since, deadline));
            } else if (thrown == null && r.statusCode() != 200) {
                fail("opportunity status poll", status(r));
            } else {
                schedule(() -> awaitOpen(journey, opportunityId, rep, since, deadline));
            }
        });
    }

    private void closeWon(Journey journey, String opportunityId, String rep) {
        long sent = System.nanoTime();
        api.post(api.sales, "/opportunities/" + opportunityId + "/close", rep, "{\"outcome\":\"WON\",\"amount\":25000}")
                .thenCompose(r -> {
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("close " + status(r));
                    }
                    close.recordValue((System.nanoTime() - sent) / 1000);
                    count("closed WON");
                    long retained = System.nanoTime();
                    return api.post(api.sales, "/customers/" + journey.leadId + "/retention", rep,
                            "{\"kind\":\"CHECK_IN\",\"notes\":\"benchmark check-in\"}").thenApply(rr -> {
                        if (rr.statusCode() != 201) {
                            throw new IllegalStateException("retention " + status(rr));
                        }
                        retention.recordValue((System.nanoTime() - retained) / 1000);
                        count("retained");
                        return rr;
                    });
                }).whenComplete((r, thrown) -> {
                    if (thrown != null) {
                        Throwable cause = thrown.getCause() != null ? thrown.getCause() : thrown;
                        fail("close/retain", cause instanceof IllegalStateException ? cause.getMessage()
                                : OpenLoop.reasonOf(cause));
                    } else {
                        pending.decrementAndGet();
                    }
                });
    }

    /** Reads lead.lifecycle.v1 from its end and stamps the qualified and handed-off records of tracked leads. */
    private final class LifecycleWatch implements Runnable {
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        volatile boolean stop;
        /** Read on to the end offsets of the moment this is set, then stop. */
        volatile boolean finish;

        @Override
        public void run() {
            Properties props = new Properties();
            props.put("bootstrap.servers", bootstrap);
            props.put("group.id", "bench-watch-" + UUID.randomUUID());
            props.put("enable.auto.commit", "false");
            props.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
            props.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
            props.put("fetch.max.wait.ms", "20");
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
                List<TopicPartition> partitions = consumer.partitionsFor("lead.lifecycle.v1").stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                ready.complete(null);
                Map<TopicPartition, Long> end = null;
                while (!stop) {
                    if (finish && end == null) {
                        end = consumer.endOffsets(partitions);
                    }
                    if (end != null && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                        return;
                    }
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        Journey journey = record.key() == null ? null : tracked.get(record.key());
                        Header type = record.headers().lastHeader("ce_type");
                        if (journey == null || type == null) {
                            continue;
                        }
                        String t = new String(type.value(), StandardCharsets.UTF_8);
                        if (t.contains(".qualified.")) {
                            journey.qualifiedPublished = record.timestamp();
                        } else if (t.contains(".handed-off.")) {
                            journey.handedOffPublished = record.timestamp();
                            journey.handedOffSeen = System.nanoTime();
                        } else if (t.contains(".accepted.")) {
                            journey.acceptedSeen = System.nanoTime();
                        }
                    }
                }
            } catch (RuntimeException e) {
                ready.completeExceptionally(e);
                errors.computeIfAbsent("lifecycle topic watch: " + e, k -> new LongAdder()).increment();
            }
        }
    }
}
