package dev.baton.faults.infra;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The broker's own JVM: a single-node KRaft broker (combined broker and controller, the embedded broker's settings)
 * with, besides its plain listener, one listener per service replica that advertises that replica's proxy port, so
 * that every connection a replica's clients make (bootstrap and then the advertised leader) goes through its proxy.
 *
 * <pre>BrokerMain DATA_DIR BROKER_PORT CONTROLLER_PORT LISTEN_PORT:ADVERTISED_PORT...</pre>
 *
 * It exits when its standard input closes, so that it never outlives the suite that started it.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        int controllerPort = Integer.parseInt(args[2]);
        List<int[]> replicas = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            String[] pair = args[i].split(":");
            replicas.add(new int[] {Integer.parseInt(pair[0]), Integer.parseInt(pair[1])});
        }
        Properties props = properties(dataDir, port, controllerPort, replicas);
        format(dataDir, props);
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
        server.startup();
        System.out.println("broker started on 127.0.0.1:" + port);
        System.out.flush();
        // The parent holds our stdin: end of input means the suite is gone (or asked us to stop).
        while (System.in.read() >= 0) {
            // nothing is ever sent
        }
        Runtime.getRuntime().halt(0);
    }

    static Properties properties(Path dataDir, int port, int controllerPort, List<int[]> replicas) {
        StringBuilder listeners = new StringBuilder("PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        StringBuilder advertised = new StringBuilder("PLAINTEXT://127.0.0.1:" + port);
        StringBuilder protocols = new StringBuilder("PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        for (int i = 0; i < replicas.size(); i++) {
            String name = listenerName(i);
            listeners.append(',').append(name).append("://127.0.0.1:").append(replicas.get(i)[0]);
            advertised.append(',').append(name).append("://127.0.0.1:").append(replicas.get(i)[1]);
            protocols.append(',').append(name).append(":PLAINTEXT");
        }
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", listeners.toString());
        props.put("advertised.listeners", advertised.toString());
        props.put("listener.security.protocol.map", protocols.toString());
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dataDir.resolve("log").toString());
        // One node: every internal topic has one replica (as the embedded broker).
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "3");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("min.insync.replicas", "1");
        props.put("default.replication.factor", "1");
        props.put("auto.create.topics.enable", "false");
        props.put("group.initial.rebalance.delay.ms", "0");
        // Flushed every second, as the embedded broker: a kill -9 of this process (not of the machine) loses nothing
        // the kernel has, and a second at most of what a power loss would.
        props.put("log.flush.interval.ms", "1000");
        props.put("log.flush.scheduler.interval.ms", "1000");
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "4");
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        return props;
    }

    /** The listener of replica {@code i}: REPLICA0..REPLICA5. */
    static String listenerName(int i) {
        return "REPLICA" + i;
    }

    private static void format(Path dataDir, Properties props) throws IOException {
        Path logDir = dataDir.resolve("log");
        Files.createDirectories(dataDir);
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        Path config = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "Baton fault-suite broker");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[] {
                "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted"},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("formatting the Kafka log failed: " + output);
        }
    }
}
