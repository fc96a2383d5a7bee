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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A real, single-node Apache Kafka broker in KRaft mode (combined broker and controller), running in this JVM.
 * Topics are not auto-created: Baton's services create theirs with explicit partitions and configs.
 *
 * <p>The broker keeps its log in {@code dataDir}; {@link #stop()} then {@link #start()} brings the same broker back on
 * the same port with the same data, which is how the tests simulate a broker outage.
 *
 * <p>{@link #startWithScram} runs the client listener with SASL/SCRAM-SHA-512: only the users it is given (plus the
 * broker's own) can connect; a client without credentials is refused.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    /** SCRAM users (name → password) when the client listener authenticates; empty for plaintext. */
    private final Map<String, String> users;
    private KafkaRaftServer server;

    /** SCRAM mechanism of the secured listener: the one Strimzi's KafkaUser uses too. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
    private static final java.nio.file.attribute.FileAttribute<?> OWNER_ONLY =
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    /** The broker's own user on the secured listener (inter-broker traffic). */
    static final String BROKER_USER = "baton-broker";

    private EmbeddedKafka(Path dataDir, int port, int controllerPort, Map<String, String> users) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.users = new TreeMap<>(users);
    }

    /**
     * Formats {@code dataDir} if it is new and starts the broker.
     *
     * @param dataDir where the log lives (kept between starts)
     * @param port    the client port; 0 picks a free one
     */
    /** Where the broker keeps its segment files. */
    public Path logDirectory() {
        return dataDir.resolve("log");
    }

    public static EmbeddedKafka start(Path dataDir, int port) {
        EmbeddedKafka kafka = new EmbeddedKafka(dataDir, port == 0 ? freePort() : port, freePort(), Map.of());
        kafka.start();
        return kafka;
    }

    /**
     * Like {@link #start}, with SASL/SCRAM-SHA-512 on the client listener. The users are written into the log's
     * metadata when it is formatted (KRaft has no other way to bootstrap SCRAM): give the same users on every start.
     *
     * @param users user name → password
     */
    public static EmbeddedKafka startWithScram(Path dataDir, int port, Map<String, String> users) {
        if (users.isEmpty()) {
            throw new IllegalArgumentException("a secured broker needs at least one user");
        }
        Map<String, String> all = new TreeMap<>(users);
        all.put(BROKER_USER, brokerPassword(dataDir));
        EmbeddedKafka kafka = new EmbeddedKafka(dataDir, port == 0 ? freePort() : port, freePort(), all);
        kafka.start();
        return kafka;
    }

    /** The client settings of {@code user} on this broker (none for a plaintext one), as Kafka client properties. */
    public Map<String, String> clientSecurity(String user) {
        if (users.isEmpty()) {
            return Map.of();
        }
        String password = users.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no such user: " + user);
        }
        return scramClient(user, password);
    }

    /** Kafka client properties that authenticate as {@code user} with SCRAM-SHA-512 over plaintext. */
    public static Map<String, String> scramClient(String user, String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", SCRAM_MECHANISM,
                "sasl.jaas.config", jaas(user, password));
    }

    public boolean secured() {
        return !users.isEmpty();
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        Properties props = properties();
        Path logDir = dataDir.resolve("log");
        try {
            Files.createDirectories(dataDir);
            Path formattedUsers = dataDir.resolve("scram-users");
            if (Files.exists(logDir.resolve("meta.properties"))) {
                // SCRAM users exist only if they were given when the log was formatted.
                String had = Files.exists(formattedUsers) ? Files.readString(formattedUsers).trim() : "";
                if (!had.equals(String.join(",", users.keySet()))) {
                    throw new IllegalStateException("the Kafka log in " + dataDir + " was formatted with SCRAM users ["
                            + had + "], not [" + String.join(",", users.keySet()) + "]: start from empty data (--fresh)");
                }
            } else {
                Path config = dataDir.resolve("server.properties");
                Files.deleteIfExists(config);
                // It holds the broker's own SCRAM password when the listener authenticates: the owner's only.
                Files.createFile(config, OWNER_ONLY);
                try (OutputStream out = Files.newOutputStream(config)) {
                    props.store(out, "Baton embedded broker");
                }
                Files.writeString(formattedUsers, String.join(",", users.keySet()));
                ByteArrayOutputStream output = new ByteArrayOutputStream();
                List<String> format = new ArrayList<>(List.of(
                        "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted"));
                users.forEach((name, password) -> format.addAll(List.of("--add-scram",
                        SCRAM_MECHANISM + "=[name=" + name + ",password=" + password + "]")));
                int rc = StorageTool.execute(format.toArray(String[]::new),
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
        String client = users.isEmpty() ? "PLAINTEXT" : "SASL_PLAINTEXT";
        props.put("listeners", client + "://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        props.put("advertised.listeners", client + "://localhost:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", client);
        // The controller listener stays on loopback without SASL: only this process's broker talks to it.
        props.put("listener.security.protocol.map", client + ":" + client + ",CONTROLLER:PLAINTEXT");
        if (!users.isEmpty()) {
            props.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
            props.put("sasl.mechanism.inter.broker.protocol", SCRAM_MECHANISM);
            props.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                    jaas(BROKER_USER, users.get(BROKER_USER)));
        }
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

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** The broker's own password, made once per data directory and kept beside the log (the data is local anyway). */
    private static String brokerPassword(Path dataDir) {
        Path file = dataDir.resolve("broker-password");
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(file)) {
                Files.createFile(file, OWNER_ONLY);
                Files.writeString(file, Uuid.randomUuid().toString());
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
