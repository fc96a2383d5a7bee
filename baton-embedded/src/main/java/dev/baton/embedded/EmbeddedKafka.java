package dev.baton.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A real, single-node Apache Kafka broker in KRaft mode (combined broker and controller), running in this JVM.
 * Topics are not auto-created: Baton's services create theirs with explicit partitions and configs.
 *
 * <p>The broker keeps its log in {@code dataDir}; {@link #stop()} then {@link #start()} brings the same broker back on
 * the same port with the same data, which is how the tests simulate a broker outage.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    private EmbeddedKafka(Path dataDir, int port, int controllerPort) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /**
     * Formats {@code dataDir} if it is new and starts the broker.
     *
     * @param dataDir where the log lives (kept between starts)
     * @param port    the client port; 0 picks a free one
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        EmbeddedKafka kafka = new EmbeddedKafka(dataDir, port == 0 ? freePort() : port, freePort());
        kafka.start();
        return kafka;
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        Properties props = properties();
        Path logDir = dataDir.resolve("log");
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                Path config = dataDir.resolve("server.properties");
                try (OutputStream out = Files.newOutputStream(config)) {
                    props.store(out, "Baton embedded broker");
                }
                ByteArrayOutputStream output = new ByteArrayOutputStream();
                int rc = StorageTool.execute(new String[] {
                        "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted"},
                        new PrintStream(output, true, StandardCharsets.UTF_8));
                if (rc != 0) {
                    throw new IllegalStateException("formatting the Kafka log failed: " + output);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaRaftServer raftServer = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
        raftServer.startup();
        server = raftServer;
    }

    /** Stops the broker, keeping its data, as a crash or an outage would from the clients' point of view. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    public boolean isRunning() {
        return server != null;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
    }

    private Properties properties() {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        props.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", dataDir.resolve("log").toString());
        // One node: the internal topics would otherwise ask for 3 replicas (2 in sync) and never be created.
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // 3 consumer-offset partitions instead of 50: one node and a few consumer groups; each partition is a log of
        // its own (files, a load at the first join). Not measured.
        props.put("offsets.topic.num.partitions", "3");
        // Topics are created by the services, with their partitions and configs, never by a stray client.
        props.put("auto.create.topics.enable", "false");
        // A new consumer group gets its partitions at once, not after Kafka's 3-s wait for more members: a service's
        // consumers start reading as soon as it starts.
        props.put("group.initial.rebalance.delay.ms", "0");
        // Write the logs to disk every second rather than leave it to the kernel. Left alone, the broker's appends sat
        // in the page cache until the kernel wrote 30 s of them at once (~400 MB at 16,000 engagement events/s), and
        // PostgreSQL's commits, whose WAL fsync queued behind that burst on the same disk, took 40-140 ms: batch
        // ingestion's stalls (16,000 events/s for 60 s: p99 46.8 ms before, 30.4 ms after; docs/benchmark.md ²). One
        // node has no replica to recover from either, so the flush also bounds what a power loss takes to a second.
        // The scheduler's interval is the flusher's period (never, by default), so both are needed.
        props.put("log.flush.interval.ms", "1000");
        props.put("log.flush.scheduler.interval.ms", "1000");
        // The log cleaner allocates its whole dedupe buffer on the heap at start: 128 MB by default, a quarter of the
        // launcher's 512 MB heap (58.8 MB used in results/latest). 8 MB holds ~350,000 keys, far more than the
        // compacted topics (consumer offsets) hold here.
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        return props;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
