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
import java.util.ArrayList;
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
    private final List<Process> processes = new ArrayList<>();
    private final Path logs;

    private ServiceProcesses(Path logs) {
        this.logs = logs;
    }

    static ServiceProcesses start(String suffix) {
        try {
            Path logs = Files.createDirectories(Path.of("target", "service-logs-" + suffix));
            ServiceProcesses services = new ServiceProcesses(logs);
            // The team directory comes from the deployment, as ops provide it: here, the launcher's demo team.
            Path team = logs.resolve("team.properties");
            Files.copy(ROOT.resolve("baton-launcher/src/main/resources/demo-team.properties"), team,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            var postgres = SharedInfrastructure.postgres();
            for (String service : List.of("marketing", "handoff", "sales")) {
                String database = service + "_" + suffix;
                postgres.createDatabase(database);
                int port = freePort();
                services.ports.put(service, port);
                int managementPort = freePort();
                services.managementPorts.put(service, managementPort);
                Path jar = ROOT.resolve(service + "-service/target/quarkus-app/quarkus-run.jar");
                ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx128m", "-XX:+UseSerialGC", "-jar", jar.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(logs.resolve(service + ".log").toFile());
                Map<String, String> env = builder.environment();
                env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
                env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
                env.put("QUARKUS_CONFIG_LOCATIONS", team.toUri().toString());
                env.put("KAFKA_BOOTSTRAP_SERVERS", SharedInfrastructure.kafka().bootstrapServers());
                env.put("BATON_DB_HOST", "localhost");
                env.put("BATON_DB_PORT", Integer.toString(postgres.port()));
                env.put("BATON_DB_NAME", database);
                env.put("BATON_DB_USER", database);
                env.put("BATON_DB_PASSWORD", database);
                env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", TestTokens.publicKeyLocation());
                env.put("MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER);
                // sales asks marketing (started first) for referral conversions
                env.put("BATON_SALES_MARKETING_URL", "http://localhost:" + services.ports.get("marketing"));
                services.processes.add(builder.start());
            }
            services.awaitReady(Duration.ofSeconds(90));
            return services;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port(String service) {
        return ports.get(service);
    }

    String url(String service) {
        return "http://localhost:" + port(service);
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (Map.Entry<String, Integer> service : managementPorts.entrySet()) {
            await("readiness of " + service.getKey() + " (log in " + logs + ")").atMost(timeout)
                    .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + service.getValue()
                                    + "/q/health/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        }
    }

    @Override
    public void close() {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
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
