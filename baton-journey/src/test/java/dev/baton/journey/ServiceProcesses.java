package dev.baton.journey;

import dev.baton.testkit.SharedInfrastructure;
import dev.baton.testkit.TestTokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The three packaged services started as real processes, configured only through environment variables, against a
 * broker and a database started separately: the way an ops team runs Baton on existing infrastructure.
 */
final class ServiceProcesses implements AutoCloseable {

    static final Path ROOT = Path.of(System.getProperty("baton.root", "..")).toAbsolutePath().normalize();

    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Integer> managementPorts = new LinkedHashMap<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> environments = new LinkedHashMap<>();
    private final Path logs;

    private ServiceProcesses(Path logs) {
        this.logs = logs;
    }

    static ServiceProcesses start(String suffix) {
        return start(suffix, Map.of());
    }

    /** @param settings extra environment of a service ("handoff" → its variables), on top of the common one */
    static ServiceProcesses start(String suffix, Map<String, Map<String, String>> settings) {
        try {
            Path logs = Files.createDirectories(Path.of("target", "service-logs-" + suffix));
            ServiceProcesses services = new ServiceProcesses(logs);
            // The team directory comes from the deployment, as ops provide it: here, the launcher's demo team.
            Path team = logs.resolve("team.properties");
            Files.copy(ROOT.resolve("baton-launcher/src/main/resources/demo-team.properties"), team,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            var postgres = SharedInfrastructure.postgres();
            for (String service : List.of("marketing", "handoff", "sales")) {
                services.ports.put(service, freePort());
                services.managementPorts.put(service, freePort());
            }
            for (String service : List.of("marketing", "handoff", "sales")) {
                String database = service + "_" + suffix;
                postgres.createDatabase(database);
                Map<String, String> env = new LinkedHashMap<>();
                env.put("QUARKUS_HTTP_PORT", Integer.toString(services.ports.get(service)));
                env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(services.managementPorts.get(service)));
                env.put("QUARKUS_CONFIG_LOCATIONS", team.toUri().toString());
                env.put("KAFKA_BOOTSTRAP_SERVERS", SharedInfrastructure.kafka().bootstrapServers());
                env.put("BATON_DB_HOST", postgres.host());
                env.put("BATON_DB_PORT", Integer.toString(postgres.port()));
                env.put("BATON_DB_NAME", database);
                env.put("BATON_DB_USER", database);
                env.put("BATON_DB_PASSWORD", database);
                env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", TestTokens.publicKeyLocation());
                env.put("MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER);
                // sales asks marketing (started first) for referral conversions
                env.put("BATON_SALES_MARKETING_URL", "http://localhost:" + services.ports.get("marketing"));
                // marketing gathers a person's export from handoff and sales
                env.put("BATON_MARKETING_PRIVACY_HANDOFF_URL", "http://localhost:" + services.ports.get("handoff"));
                env.put("BATON_MARKETING_PRIVACY_SALES_URL", "http://localhost:" + services.ports.get("sales"));
                env.putAll(settings.getOrDefault(service, Map.of()));
                services.environments.put(service, env);
                services.launch(service);
            }
            for (String service : services.ports.keySet()) {
                services.awaitReady(service, Duration.ofSeconds(90));
            }
            return services;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch(String service) throws IOException {
        Path jar = ROOT.resolve(service + "-service/target/quarkus-app/quarkus-run.jar");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(service + ".log").toFile()));
        builder.environment().putAll(environments.get(service));
        processes.put(service, builder.start());
    }

    /** kill -9 of one service, as a crashed node: nothing of its shutdown runs. */
    void kill(String service) throws InterruptedException {
        Process process = processes.get(service);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts a killed service again, with its settings changed by {@code changes}, and waits until it is ready. */
    void restart(String service, Map<String, String> changes) throws IOException {
        environments.get(service).putAll(changes);
        launch(service);
        awaitReady(service, Duration.ofSeconds(90));
    }

    int port(String service) {
        return ports.get(service);
    }

    String url(String service) {
        return "http://localhost:" + port(service);
    }

    private void awaitReady(String service, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://localhost:" + managementPorts.get(service) + "/q/health/ready");
        await("readiness of " + service + " (log in " + logs + ")").atMost(timeout)
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200);
    }

    @Override
    public void close() {
        processes.values().forEach(Process::destroy);
        for (Process process : processes.values()) {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
