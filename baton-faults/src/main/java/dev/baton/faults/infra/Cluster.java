package dev.baton.faults.infra;

import dev.baton.faults.proxy.FaultProxy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Everything a run starts: the broker JVM, PostgreSQL, a broker proxy and a database proxy per replica, and the six
 * replicas. {@link #close()} ends all of it, in reverse order.
 */
public final class Cluster implements AutoCloseable {

    public final Ports ports;
    public final Broker broker;
    public final Postgres postgres;
    public final Tokens tokens;
    private final List<FaultProxy> brokerProxies = new ArrayList<>();
    private final List<FaultProxy> databaseProxies = new ArrayList<>();
    private Fleet fleet;

    private Cluster(Ports ports, Broker broker, Postgres postgres, Tokens tokens) {
        this.ports = ports;
        this.broker = broker;
        this.postgres = postgres;
        this.tokens = tokens;
    }

    /**
     * @param root the repository
     * @param work the run's working folder (broker log, database, application copies, logs)
     */
    public static Cluster start(Path root, Path work, Ports ports, String heap, Consumer<String> say) throws IOException {
        ports.requireFree();
        Path logs = Files.createDirectories(work.resolve("logs"));
        Children children = new Children(work.resolve("children.pid"));
        Cluster cluster = new Cluster(ports, new Broker(work.resolve("kafka"), logs.resolve("broker.log"), ports, children),
                new Postgres(work.resolve("postgres"), logs.resolve("postgres.log"), ports.postgres(), children),
                new Tokens(work.resolve("jwt")));
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "faults-cluster-stop"));
        try {
            long start = System.nanoTime();
            cluster.postgres.init();
            cluster.postgres.start();
            say.accept(String.format("PostgreSQL up on 127.0.0.1:%d (%.1f s)", ports.postgres(), (System.nanoTime() - start) / 1e9));
            start = System.nanoTime();
            cluster.broker.start();
            say.accept(String.format("broker up on %s (%.1f s)", cluster.broker.bootstrap(), (System.nanoTime() - start) / 1e9));
            for (int i = 0; i < Ports.REPLICAS; i++) {
                cluster.brokerProxies.add(new FaultProxy("kafka-proxy-" + i, ports.brokerProxy(i), ports.brokerListener(i)).start());
                cluster.databaseProxies.add(new FaultProxy("pg-proxy-" + i, ports.postgresProxy(i), ports.postgres()).start());
            }
            Path team = work.resolve("team.properties");
            Files.copy(root.resolve("baton-launcher/src/main/resources/demo-team.properties"), team,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Map<String, String> common = new LinkedHashMap<>(cluster.tokens.serviceEnvironment());
            common.put("QUARKUS_CONFIG_LOCATIONS", team.toUri().toString());
            cluster.fleet = Fleet.create(root, work, ports, common, heap, children);
            cluster.fleet.startAll(Duration.ofSeconds(120), say);
            return cluster;
        } catch (RuntimeException | IOException e) {
            cluster.close();
            throw e;
        }
    }

    public Fleet fleet() {
        return fleet;
    }

    public FaultProxy brokerProxy(int replicaIndex) {
        return brokerProxies.get(replicaIndex);
    }

    public FaultProxy databaseProxy(int replicaIndex) {
        return databaseProxies.get(replicaIndex);
    }

    private boolean closed;

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (fleet != null) {
            fleet.close();
        }
        brokerProxies.forEach(FaultProxy::close);
        databaseProxies.forEach(FaultProxy::close);
        try {
            broker.close();
        } catch (RuntimeException e) {
            System.err.println("[faults] stopping the broker: " + e);
        }
        try {
            postgres.close();
        } catch (RuntimeException e) {
            System.err.println("[faults] stopping PostgreSQL: " + e);
        }
    }
}
