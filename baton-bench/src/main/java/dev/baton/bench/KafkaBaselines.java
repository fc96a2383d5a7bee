package dev.baton.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own tools against the running system's broker, each in a child JVM: ProducerPerformance (the throughput
 * limit of one idempotent acks=all producer) and EndToEndLatency (one record at a time, produce then consume).
 */
final class KafkaBaselines {

    /** ProducerPerformance's summary line. */
    record Producer(long records, double recordsPerSecond, double mbPerSecond, double avgMs, double maxMs, double p50,
            double p95, double p99, double p999, String command) {
    }

    /** EndToEndLatency's summary (whole milliseconds for the percentiles, as the tool prints them). */
    record EndToEnd(long records, double avgMs, double p50, double p99, double p999, String command) {
    }

    private static final Pattern PRODUCER = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) "
            + "MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms "
            + "99th, (\\d+) ms 99.9th");
    private static final Pattern E2E_AVG = Pattern.compile("Avg latency: ([\\d.]+) ms");
    private static final Pattern E2E_PCT = Pattern.compile("Percentiles: 50th = (\\d+), 99th = (\\d+), 99.9th = (\\d+)");

    private final String bootstrap;
    private final Path workDir;

    KafkaBaselines(String bootstrap, Path workDir) {
        this.bootstrap = bootstrap;
        this.workDir = workDir;
    }

    static Producer parseProducer(String output, String command) {
        Producer last = null;
        for (String line : output.split("\n")) {
            Matcher m = PRODUCER.matcher(line);
            if (m.find()) {
                last = new Producer(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)),
                        Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)),
                        Double.parseDouble(m.group(6)), Double.parseDouble(m.group(7)), Double.parseDouble(m.group(8)),
                        Double.parseDouble(m.group(9)), command);
            }
        }
        if (last == null) {
            throw new IllegalStateException("no ProducerPerformance summary in its output:\n" + tail(output));
        }
        return last;
    }

    static EndToEnd parseEndToEnd(String output, long records, String command) {
        Matcher avg = E2E_AVG.matcher(output);
        Matcher pct = E2E_PCT.matcher(output);
        if (!avg.find() || !pct.find()) {
            throw new IllegalStateException("no EndToEndLatency summary in its output:\n" + tail(output));
        }
        return new EndToEnd(records, Double.parseDouble(avg.group(1)), Double.parseDouble(pct.group(1)),
                Double.parseDouble(pct.group(2)), Double.parseDouble(pct.group(3)), command);
    }

    private static String tail(String output) {
        return output.length() > 2000 ? output.substring(output.length() - 2000) : output;
    }

    /** Partitions of Baton's engagement topic, so that the producer baseline writes to a topic of the same shape. */
    int engagementPartitions() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            return admin.describeTopics(Set.of("marketing.engagement.v1")).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get("marketing.engagement.v1").partitions().size();
        }
    }

    void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(name)) {
                admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)
                        .configs(Map.of("min.insync.replicas", "1")))).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    void deleteTopics(String... names) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.deleteTopics(List.of(names)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.out.println("[bench] could not delete the baseline topics: " + e.getMessage());
        }
    }

    Producer producerPerformance(String topic, long records, int recordSize) throws Exception {
        List<String> args = List.of("--topic", topic, "--num-records", Long.toString(records), "--record-size",
                Integer.toString(recordSize), "--throughput", "-1", "--producer-props",
                "bootstrap.servers=" + bootstrap, "acks=all", "enable.idempotence=true");
        String output = tool("org.apache.kafka.tools.ProducerPerformance", args, "producer-performance.txt");
        return parseProducer(output, "ProducerPerformance " + String.join(" ", args));
    }

    EndToEnd endToEndLatency(String topic, long records, int recordSize) throws Exception {
        List<String> args = List.of(bootstrap, topic, Long.toString(records), "all", Integer.toString(recordSize));
        String output = tool("org.apache.kafka.tools.EndToEndLatency", args, "end-to-end-latency.txt");
        return parseEndToEnd(output, records, "EndToEndLatency " + String.join(" ", args));
    }

    /** Runs a Kafka tool in a child JVM on this jar's class path; returns (and keeps) its output. */
    private String tool(String mainClass, List<String> args, String outputFile) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Procs.javaBinary(), "-Xmx256m", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                mainClass));
        command.addAll(args);
        Path out = workDir.resolve(outputFile);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(mainClass + " did not finish in 10 minutes");
        }
        String output = Files.readString(out);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(mainClass + " failed (" + process.exitValue() + "):\n" + tail(output));
        }
        return output;
    }

}
