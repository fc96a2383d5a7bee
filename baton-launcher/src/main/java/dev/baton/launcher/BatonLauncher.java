package dev.baton.launcher;

import dev.baton.embedded.EmbeddedKafka;
import dev.baton.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Runs the whole of Baton on one machine: a real Kafka broker (KRaft) and a real PostgreSQL, embedded, unless the
 * environment names existing ones; a throwaway JWT key and a token per role, unless the environment names a key and
 * issuer; and the three services as separate processes. Ctrl-C (SIGINT) or SIGTERM stops everything it started.
 *
 * <pre>
 * baton [--fresh] [--data DIR] [--demo] [--infra-only | --without SERVICE ...]
 *   --fresh     start from empty data (deletes DIR first)
 *   --data DIR  where the broker, the database, the keys, tokens and logs live (default .baton)
 *   --demo      once ready, walk one lead through its whole lifecycle through the REST APIs
 *   --exit-when-ready  stop everything once all services are ready (for checks)
 *   --infra-only       the broker, the database, keys and tokens, and no service
 *   --without SERVICE  all but that service (repeatable), e.g. to run it in Quarkus dev mode instead
 * </pre>
 * BATON_KAFKA_SASL=scram makes the embedded broker authenticate every client (SASL/SCRAM-SHA-512, a user per service).
 */
public final class BatonLauncher {

    record Service(String name, String database, int port) {

        /** Health, metrics and OpenAPI: the management interface, beside the API (9000 in a pod). */
        int managementPort() {
            return port + 1000;
        }
    }

    static final List<Service> SERVICES = List.of(
            new Service("marketing-service", "marketing", 8081),
            new Service("handoff-service", "handoff", 8082),
            new Service("sales-service", "sales", 8083));

    static final String USAGE = "usage: baton [--fresh] [--data DIR] [--demo] [--exit-when-ready]"
            + " [--infra-only | --without SERVICE ...]";

    private final Path root;
    private final Path data;
    private final boolean demo;
    private final boolean exitWhenReady;
    private final List<Service> services;
    private final Map<String, String> env = System.getenv();
    private final List<Process> processes = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private EmbeddedKafka kafka;
    private EmbeddedPostgres postgres;
    private volatile boolean stopping;

    private BatonLauncher(Path root, Path data, boolean demo, boolean exitWhenReady, List<Service> services) {
        this.root = root;
        this.data = data;
        this.demo = demo;
        this.exitWhenReady = exitWhenReady;
        this.services = services;
    }

    /** The services to start: all but those left out; an unknown name is refused. */
    static List<Service> servicesToStart(boolean infraOnly, List<String> without) {
        for (String name : without) {
            if (SERVICES.stream().noneMatch(s -> s.name().equals(name))) {
                throw new IllegalArgumentException("--without " + name + ": not a service (" + SERVICES.stream()
                        .map(Service::name).collect(java.util.stream.Collectors.joining(", ")) + ")");
            }
        }
        return infraOnly ? List.of() : SERVICES.stream().filter(s -> !without.contains(s.name())).toList();
    }

    public static void main(String[] args) throws Exception {
        // Route the broker's and the database wrapper's logs through JBoss LogManager, at WARN.
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        quietInfrastructureLogs();
        Path root = Path.of(System.getProperty("baton.home", ".")).toAbsolutePath().normalize();
        Path data = root.resolve(".baton");
        boolean fresh = false;
        boolean demo = false;
        boolean exitWhenReady = false;
        boolean infraOnly = false;
        List<String> without = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fresh" -> fresh = true;
                case "--demo" -> demo = true;
                case "--exit-when-ready" -> exitWhenReady = true;
                case "--data" -> data = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--infra-only" -> infraOnly = true;
                case "--without" -> without.add(i + 1 < args.length ? args[++i] : "");
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i] + "; see --help");
                    System.exit(2);
                }
            }
        }
        List<Service> services;
        try {
            services = servicesToStart(infraOnly, without);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Files.createDirectories(data);
        // One launcher per data folder: a second one (or its --fresh) must not pull the files from under the first.
        java.nio.channels.FileChannel lockFile = java.nio.channels.FileChannel.open(data.getParent().resolve(
                data.getFileName() + ".lock"), java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        if (lockFile.tryLock() == null) {
            System.err.println("[baton] another Baton is already running with " + data);
            System.exit(1);
        }
        if (fresh) {
            deleteTree(data);
        }
        Files.createDirectories(data.resolve("logs"));
        BatonLauncher launcher = new BatonLauncher(root, data, demo, exitWhenReady, services);
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::stop, "baton-stop"));
        int code;
        try {
            code = launcher.run();
        } catch (Exception | Error e) {
            System.err.println("[baton] failed: " + e);
            code = 1;
        }
        if (code != 0 || exitWhenReady) {
            System.exit(code);
        }
        launcher.stopped.await();
    }

    private int run() throws Exception {
        say("Baton: data in " + data);
        Map<String, String> common = new LinkedHashMap<>();
        common.put("KAFKA_BOOTSTRAP_SERVERS", startKafka());
        common.putAll(startPostgres());
        common.putAll(new Credentials(data, env).serviceEnvironment(this::say));
        common.put("QUARKUS_CONFIG_LOCATIONS", teamFile().toUri().toString());
        // One after the other: on two cores, three JVMs starting at once (class loading and JIT on every core) each
        // took 7-9 s to be ready; one at a time each is ready in about 3 s, and all of them about as soon as before.
        long started = System.nanoTime();
        for (Service service : services) {
            long start = System.nanoTime();
            startService(service, common);
            if (!awaitReady(service, Duration.ofSeconds(90))) {
                say("!! " + service.name() + " did not become ready; see " + logOf(service));
                return 1;
            }
            say(String.format("%s ready in %.1f s", service.name(), (System.nanoTime() - start) / 1e9));
        }
        if (!services.isEmpty()) {
            say(String.format("%s ready in %.1f s:", services.size() == SERVICES.size() ? "All services"
                    : "Services", (System.nanoTime() - started) / 1e9));
        }
        for (Service service : SERVICES) {
            if (services.contains(service)) {
                say(String.format("  %-18s http://localhost:%d   OpenAPI UI, health, metrics http://localhost:%d/q/   log %s",
                        service.name(), service.port(), service.managementPort(), logOf(service)));
            } else {
                say(String.format("  %-18s not started: ./mvnw quarkus:dev -pl %s runs it against this infrastructure"
                        + " (port %d; needs ./mvnw -DskipTests install once)", service.name(), service.name(),
                        service.port()));
            }
        }
        say("  Kafka              " + common.get("KAFKA_BOOTSTRAP_SERVERS"));
        say("  PostgreSQL         " + common.get("BATON_DB_HOST") + ":" + common.get("BATON_DB_PORT")
                + " (databases marketing, handoff, sales)");
        say("Stop with Ctrl-C.");
        if (demo) {
            new Demo(data, this::say).walkOneLead();
        }
        return 0;
    }

    /** The sales team the services share: BATON_TEAM_FILE, or the demo team (matching the demo tokens). */
    private Path teamFile() throws IOException {
        String own = env.get("BATON_TEAM_FILE");
        if (own != null && !own.isBlank()) {
            say("Team: " + own + " (BATON_TEAM_FILE)");
            return Path.of(own).toAbsolutePath();
        }
        Path team = data.resolve("team.properties");
        try (var demo = BatonLauncher.class.getResourceAsStream("/demo-team.properties")) {
            Files.copy(demo, team, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        say("Team: the demo team (reps rep-ada and rep-grace, assistant-alan, manager-barbara) in " + team);
        return team;
    }

    private String startKafka() {
        String external = env.get("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            // Its security settings (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*, KAFKA_SSL_*) reach the services unchanged.
            say("Kafka: using " + external + " (KAFKA_BOOTSTRAP_SERVERS); nothing embedded");
            return external;
        }
        int port = Integer.parseInt(env.getOrDefault("BATON_KAFKA_PORT", "9092"));
        requireFree(port, "Kafka (set BATON_KAFKA_PORT, or KAFKA_BOOTSTRAP_SERVERS for an existing broker)");
        if (KafkaUsers.wanted(env)) {
            say("Kafka: starting an embedded KRaft broker on port " + port + " with SASL/SCRAM-SHA-512 (BATON_KAFKA_SASL)");
            kafka = EmbeddedKafka.startWithScram(data.resolve("kafka"), port,
                    KafkaUsers.load(data, SERVICES.stream().map(Service::name).toList()));
            Path operator = KafkaUsers.writeOperatorConfig(data, kafka.bootstrapServers(),
                    kafka.clientSecurity(KafkaUsers.OPERATOR));
            say("Kafka: each service authenticates as itself; tools as " + KafkaUsers.OPERATOR + " with " + operator);
        } else {
            say("Kafka: starting an embedded KRaft broker on port " + port);
            kafka = EmbeddedKafka.start(data.resolve("kafka"), port);
        }
        return kafka.bootstrapServers();
    }

    private Map<String, String> startPostgres() {
        Map<String, String> db = new LinkedHashMap<>();
        String externalHost = env.get("BATON_DB_HOST");
        if (externalHost != null && !externalHost.isBlank()) {
            say("PostgreSQL: using " + externalHost + " (BATON_DB_HOST); nothing embedded. Each service uses its own"
                    + " database (marketing, handoff, sales) unless BATON_DB_NAME says otherwise");
            db.put("BATON_DB_HOST", externalHost);
            db.put("BATON_DB_PORT", env.getOrDefault("BATON_DB_PORT", "5432"));
            return db;
        }
        int port = Integer.parseInt(env.getOrDefault("BATON_PG_PORT", "15432"));
        requireFree(port, "PostgreSQL (set BATON_PG_PORT, or BATON_DB_HOST for an existing server)");
        say("PostgreSQL: starting an embedded PostgreSQL 17 on port " + port);
        int walSegmentsAhead = walSegmentsAhead(env);
        postgres = EmbeddedPostgres.start(data.resolve("postgres"), port);
        if (walSegmentsAhead > 0) {
            say("PostgreSQL: keeping " + walSegmentsAhead + " empty WAL segments ready ahead (BATON_PG_WAL_SEGMENTS_AHEAD)");
            postgres.keepWalSegmentsAhead(walSegmentsAhead);
        }
        for (Service service : SERVICES) {
            postgres.createDatabase(service.database());
        }
        db.put("BATON_DB_HOST", "localhost");
        db.put("BATON_DB_PORT", Integer.toString(postgres.port()));
        return db;
    }

    /**
     * How many empty WAL segments the embedded PostgreSQL keeps ready ahead of its writes: {@code
     * BATON_PG_WAL_SEGMENTS_AHEAD}, 0 (none) unless set. Only the benchmark sets it (baton-bench's BatonRun): it makes a
     * fresh cluster, which would create every 16-MB segment inside a commit until its first checkpoint, write like one
     * that has run through a checkpoint cycle (docs/benchmark.md, footnote 5). A product's run does without it.
     */
    static int walSegmentsAhead(Map<String, String> env) {
        String ahead = env.getOrDefault("BATON_PG_WAL_SEGMENTS_AHEAD", "0");
        try {
            int segments = Integer.parseInt(ahead.trim());
            if (segments >= 0) {
                return segments;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("BATON_PG_WAL_SEGMENTS_AHEAD must be a number of WAL segments (0 = none), was '"
                + ahead + "'");
    }

    private void startService(Service service, Map<String, String> common) throws IOException {
        Path jar = root.resolve(service.name()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw -DskipTests install)");
        }
        // A small heap: three services, a broker and a database share two cores. A service's live data is 20-30 MB even
        // under full load; 96 MB leaves room for a 1,000-event batch per event loop.
        // G1 rather than the serial collector, for one reason: it gives memory back. A burst (a batch backlog) promotes
        // garbage into the old generation until a full collection; with the serial collector every page of the heap
        // it ever touched stays resident, and marketing sat at 275-285 MB after a run against 230 MB when its heap never
        // filled. G1 starts small (-Xms16m), runs a concurrent cycle after 10 s without a collection
        // (G1PeriodicGCInterval, JEP 346) and uncommits what more than 30% free leaves over (MaxHeapFreeRatio). Under
        // load it grows the heap until collections take under 1% of the time (GCTimeRatio=99; G1's default, 12, kept
        // marketing's heap so small that it collected 10 times a second at 3,000 events/s: 680 ms of pauses in 20 s,
        // against 200 ms with 99 and 255 ms with the serial collector and its whole 96 MB from the start).
        // MinHeapFreeRatio=10 only because the JVM refuses a MaxHeapFreeRatio below MinHeapFreeRatio (40 by default).
        // TrimNativeHeapInterval gives back to the system the native memory the JIT compilers used and freed (glibc
        // keeps it otherwise): 20-30 MB of RSS per service after a load.
        // BATON_SERVICE_JAVA_OPTS adds JVM options (after these, so they win; -XX:-UseG1GC -XX:+UseSerialGC to switch).
        List<String> command = new java.util.ArrayList<>(List.of(javaBinary(),
                "-Xmx" + env.getOrDefault("BATON_SERVICE_HEAP", "96m"), "-Xms16m", "-XX:+UseG1GC",
                "-XX:G1PeriodicGCInterval=10000", "-XX:GCTimeRatio=99", "-XX:MinHeapFreeRatio=10",
                "-XX:MaxHeapFreeRatio=30"));
        if (trimsNativeHeap(Runtime.version())) {
            command.add("-XX:TrimNativeHeapInterval=5000");
        }
        // The class-data archive the build made for this JVM (quarkus.package.jar.appcds): classes are mapped ready-made
        // instead of loaded, parsed and verified, which is most of a start on two busy cores.
        Path classArchive = jar.resolveSibling("app-cds.jsa");
        if (Files.isRegularFile(classArchive)) {
            command.add("-XX:SharedArchiveFile=" + classArchive);
            command.add("-Xshare:auto");
        }
        String extra = env.getOrDefault("BATON_SERVICE_JAVA_OPTS", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        // Run from the application folder with the relative jar path: the archive records the class path it was made
        // with, and a different one makes the JVM ignore it.
        command.addAll(List.of("-jar", jar.getFileName().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(jar.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logOf(service).toFile()));
        builder.environment().putAll(common);
        // Two malloc arenas rather than eight per core: the JVM's own native allocations are few and short-lived.
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(service.port()));
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(service.managementPort()));
        if (kafka != null && kafka.secured()) {
            builder.environment().putAll(KafkaUsers.serviceEnvironment(kafka.clientSecurity(service.name())));
        }
        if (!env.containsKey("BATON_DB_NAME")) {
            builder.environment().put("BATON_DB_NAME", service.database());
        }
        if (!env.containsKey("BATON_DB_USER")) {
            builder.environment().put("BATON_DB_USER", service.database());
            builder.environment().put("BATON_DB_PASSWORD", service.database());
        }
        requireFree(service.port(), service.name());
        requireFree(service.managementPort(), service.name() + " (management)");
        say("Starting " + service.name() + " on port " + service.port());
        synchronized (processes) {
            processes.add(builder.start());
        }
    }

    private boolean awaitReady(Service service, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + service.managementPort() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !stopping) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        return false;
    }

    /** Stops the services (SIGTERM, then SIGKILL after 15 s), then the broker and the database. */
    private void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        say("Stopping Baton...");
        List<Process> running;
        synchronized (processes) {
            running = new ArrayList<>(processes);
        }
        running.forEach(Process::destroy);
        for (Process process : running) {
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        say("Baton stopped.");
        stopped.countDown();
    }

    private Path logOf(Service service) {
        return data.resolve("logs").resolve(service.name() + ".log");
    }

    private void say(String line) {
        System.out.println("[baton] " + line);
        System.out.flush();
    }

    /**
     * Whether this JVM (the services run on the launcher's own) knows {@code -XX:TrimNativeHeapInterval}: JDK 22, and
     * the updates that backported it (17.0.9, 21.0.1). An older one would refuse to start with it.
     */
    static boolean trimsNativeHeap(Runtime.Version version) {
        return switch (version.feature()) {
            case 17 -> version.update() >= 9;
            case 18, 19, 20 -> false;
            case 21 -> version.update() >= 1;
            default -> version.feature() > 21;
        };
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void requireFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket(port)) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " for " + what + " is already in use");
        }
    }

    private static void quietInfrastructureLogs() {
        for (String category : List.of("org.apache.kafka", "kafka", "state.change.logger", "io.zonky", "org.apache.zookeeper")) {
            Logger.getLogger(category).setLevel(Level.WARNING);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
