package dev.baton.faults.infra;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two replicas of each service. The packaged applications are copied into the run's folder first (timestamps kept,
 * so the class-data archive still matches), so that a rebuild of the services during a run changes nothing under it.
 */
public final class Fleet implements AutoCloseable {

    public static final List<String> SERVICES = List.of("marketing-service", "handoff-service", "sales-service");

    private final List<Replica> replicas = new ArrayList<>();

    private Fleet() {
    }

    /**
     * @param root   the repository (where {@code <service>/target/quarkus-app} is)
     * @param work   the run's folder
     * @param common environment every replica gets (JWT, team)
     */
    public static Fleet create(Path root, Path work, Ports ports, Map<String, String> common, String heap,
            Children children) throws IOException {
        Fleet fleet = new Fleet();
        Path logs = Files.createDirectories(work.resolve("logs"));
        for (int s = 0; s < SERVICES.size(); s++) {
            String service = SERVICES.get(s);
            Path packaged = root.resolve(service).resolve("target/quarkus-app");
            if (!Files.isRegularFile(packaged.resolve("quarkus-run.jar"))) {
                throw new IllegalStateException(packaged + "/quarkus-run.jar is missing: build first (./mvnw -DskipTests install)");
            }
            Path app = work.resolve("apps").resolve(service);
            copyTree(packaged, app);
            String database = service.substring(0, service.indexOf('-'));
            for (int number = 1; number <= 2; number++) {
                int index = s * 2 + number - 1;
                Map<String, String> env = new LinkedHashMap<>(common);
                env.put("QUARKUS_HTTP_PORT", Integer.toString(ports.http(index)));
                env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(ports.management(index)));
                env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
                env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + ports.brokerProxy(index));
                env.put("BATON_DB_HOST", "127.0.0.1");
                env.put("BATON_DB_PORT", Integer.toString(ports.postgresProxy(index)));
                env.put("BATON_DB_NAME", database);
                env.put("BATON_DB_USER", database);
                env.put("BATON_DB_PASSWORD", database);
                // Each sales replica asks "its" marketing replica for referral conversions.
                env.put("BATON_SALES_MARKETING_URL", "http://127.0.0.1:" + ports.http(number - 1));
                env.putIfAbsent("MALLOC_ARENA_MAX", "2");
                fleet.replicas.add(new Replica(service, number, index, app, logs.resolve(service + "-" + number + ".log"),
                        jvmOptions(heap), env, children));
            }
        }
        return fleet;
    }

    /** The launcher's service JVM options (small G1 heap that gives memory back), with the heap of this run. */
    static List<String> jvmOptions(String heap) {
        List<String> options = new ArrayList<>(List.of("-Xmx" + heap, "-Xms16m", "-XX:+UseG1GC",
                "-XX:G1PeriodicGCInterval=10000", "-XX:GCTimeRatio=99", "-XX:MinHeapFreeRatio=10",
                "-XX:MaxHeapFreeRatio=30"));
        Runtime.Version version = Runtime.version();
        if ((version.feature() == 17 && version.update() >= 9) || version.feature() >= 21) {
            options.add("-XX:TrimNativeHeapInterval=5000");
        }
        return options;
    }

    /** One after the other, each ready before the next starts (on two cores that is the fastest way to all six). */
    public void startAll(Duration eachTimeout, java.util.function.Consumer<String> say) {
        for (Replica replica : replicas) {
            long start = System.nanoTime();
            replica.start();
            if (!replica.awaitReady(eachTimeout)) {
                throw new IllegalStateException(replica.name() + " did not become ready; see " + replica.log());
            }
            say.accept(String.format("%s ready on port %d in %.1f s", replica.name(), replica.port(),
                    (System.nanoTime() - start) / 1e9));
        }
    }

    public List<Replica> replicas() {
        return replicas;
    }

    /** The two replicas of {@code service}. */
    public List<Replica> of(String service) {
        return replicas.stream().filter(r -> r.service().equals(service)).toList();
    }

    @Override
    public void close() {
        for (Replica replica : replicas) {
            replica.stop();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
