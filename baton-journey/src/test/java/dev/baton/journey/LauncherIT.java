package dev.baton.journey;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's run command, as a newcomer runs it on a machine with only a JDK: embedded broker and database, three
 * services ready, a demo lead walked through its lifecycle, and after SIGTERM no process left behind.
 */
class LauncherIT {

    @Test
    void pointedAtAnExistingBrokerAndDatabaseItStartsNothingEmbedded() throws Exception {
        var postgres = dev.baton.testkit.SharedInfrastructure.postgres();
        for (String database : List.of("marketing", "handoff", "sales")) {
            postgres.createDatabase(database);
        }
        LauncherProcess run = LauncherProcess.start("256m", Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", dev.baton.testkit.SharedInfrastructure.kafka().bootstrapServers(),
                "BATON_DB_HOST", postgres.host(),
                "BATON_DB_PORT", Integer.toString(postgres.port())), "--exit-when-ready");
        Process launcher = run.process();
        Path data = run.data();
        Path output = run.output();
        try {
            assertThat(launcher.waitFor(120, TimeUnit.SECONDS)).as("launcher output in %s", output).isTrue();
            String log = Files.readString(output);
            assertThat(launcher.exitValue()).as(log).isZero();
            assertThat(log).contains("Kafka: using " + dev.baton.testkit.SharedInfrastructure.kafka().bootstrapServers(),
                    "PostgreSQL: using " + postgres.host(), "All services ready", "Baton stopped.");
            assertThat(data.resolve("kafka")).doesNotExist();
            assertThat(data.resolve("postgres")).doesNotExist();
        } finally {
            run.destroyAll();
        }
    }

    @Test
    void oneCommandRunsTheWholeSystemAndSigtermLeavesNoProcessBehind() throws Exception {
        LauncherProcess run = LauncherProcess.start("512m", Map.of(
                "BATON_KAFKA_PORT", Integer.toString(ServiceProcesses.freePort()),
                "BATON_PG_PORT", Integer.toString(ServiceProcesses.freePort())), "--fresh", "--demo");
        Process launcher = run.process();
        Path data = run.data();
        Path output = run.output();
        try {
            await("the demo lead reaching RETAINED (see " + output + ")").atMost(Duration.ofSeconds(150))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> Files.readString(output).contains("marketing sees the lead as RETAINED")
                            || !launcher.isAlive());
            String log = Files.readString(output);
            assertThat(log).contains("All services ready", "tokens for every role", "OpenAPI UI, health, metrics http://localhost:9081/q/",
                    "marketing-service ready in", "handoff-service ready in", "sales-service ready in");
            for (String service : List.of("marketing-service", "handoff-service", "sales-service")) {
                // The class-data archive of the build is used (a JVM that cannot use it says so first thing).
                assertThat(Files.readString(data.resolve("logs").resolve(service + ".log"))).as(service)
                        .doesNotContain("Unable to use shared archive");
            }
            assertThat(Files.readString(data.resolve("tokens.env"))).contains("TOKEN_MARKETER=", "TOKEN_SALES_ASSISTANT=");

            HttpClient http = HttpClient.newHttpClient();
            for (int port : List.of(8081, 8082, 8083)) {
                int management = port + 1000;
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + management + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).isEqualTo(200);
                assertThat(ready.body()).contains("Kafka broker", "\"reachable\"", "Reactive PostgreSQL");
                HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + management + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(metrics.body()).contains("baton_outbox_published");
                HttpResponse<String> openapi = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + management + "/q/openapi")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(openapi.statusCode()).isEqualTo(200);
                // The API port serves the API only: health and metrics are not for clients.
                HttpResponse<String> notOnTheApi = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(notOnTheApi.statusCode()).isEqualTo(404);
            }

            // The services are the launcher's children; PostgreSQL daemonizes (pg_ctl), so find it by its data folder.
            List<ProcessHandle> services = launcher.descendants().toList();
            List<ProcessHandle> postgres = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains(data.toString()) && c.contains("postgres"))
                            .orElse(false))
                    .toList();
            assertThat(services).hasSize(3);
            assertThat(postgres).isNotEmpty();
            List<ProcessHandle> started = new java.util.ArrayList<>(services);
            started.addAll(postgres);

            launcher.destroy(); // SIGTERM, as Ctrl-C or a process manager would
            assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
            await("every process the launcher started to end").atMost(Duration.ofSeconds(30))
                    .until(() -> started.stream().noneMatch(ProcessHandle::isAlive));
            assertThat(Files.readString(output)).contains("Baton stopped.");
        } finally {
            run.destroyAll();
        }
    }
}
