package dev.baton.faults.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The broker as a child JVM ({@link BrokerMain}): started, killed with SIGKILL, paused and resumed by the faults. */
public final class Broker implements AutoCloseable {

    private final Path dataDir;
    private final Path log;
    private final Ports ports;
    private final Children children;
    private Process process;

    public Broker(Path dataDir, Path log, Ports ports, Children children) {
        this.dataDir = dataDir;
        this.log = log;
        this.ports = ports;
        this.children = children;
    }

    public String bootstrap() {
        return "127.0.0.1:" + ports.broker();
    }

    /** Starts the JVM and waits (bounded) until the broker answers an admin call. */
    public void start() {
        spawn();
        awaitUp(90);
    }

    private synchronized void spawn() {
        List<String> command = new ArrayList<>(List.of(Children.javaBinary(), "-Xmx320m", "-Xms64m", "-XX:+UseG1GC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn",
                "-cp", System.getProperty("java.class.path"), BrokerMain.class.getName(),
                dataDir.toString(), Integer.toString(ports.broker()), Integer.toString(ports.controller())));
        for (int i = 0; i < Ports.REPLICAS; i++) {
            command.add(ports.brokerListener(i) + ":" + ports.brokerProxy(i));
        }
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the broker JVM", e);
        }
        children.started("broker", process.pid());
    }

    private void awaitUp(int seconds) {
        Process process;
        synchronized (this) {
            process = this.process;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500))) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the broker exited (" + process.exitValue() + "); see " + log);
                }
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    // still starting
                }
            }
        }
        throw new IllegalStateException("the broker did not answer within " + seconds + " s; see " + log);
    }

    public synchronized void kill() {
        Children.killHard(process);
    }

    public synchronized void pause() {
        Children.signal(process.pid(), "STOP");
    }

    public synchronized void resume() {
        Children.signal(process.pid(), "CONT");
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            Children.signal(process.pid(), "CONT");
            Children.stop(process, 20);
        }
    }
}
