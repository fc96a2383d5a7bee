package dev.baton.journey;

import dev.baton.contract.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * BATON_KAFKA_SASL=scram: the embedded broker authenticates every client. The demo lead still goes from anonymous to
 * retained (every consumer, the outbox relays, the admin clients and the registry rebuild authenticate), a client without
 * credentials gets nothing, and no password reaches a log.
 */
class SecuredKafkaIT {

    @Test
    void theWholeLifecycleRunsOnAnAuthenticatingBrokerThatRefusesAnonymousClients() throws Exception {
        int kafkaPort = ServiceProcesses.freePort();
        LauncherProcess run = LauncherProcess.start("512m", Map.of(
                "BATON_KAFKA_SASL", "scram",
                "BATON_KAFKA_PORT", Integer.toString(kafkaPort),
                "BATON_PG_PORT", Integer.toString(ServiceProcesses.freePort())), "--fresh", "--demo");
        try {
            await("the demo lead reaching RETAINED (see " + run.output() + ")").atMost(Duration.ofSeconds(150))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> run.log().contains("marketing sees the lead as RETAINED") || !run.process().isAlive());
            assertThat(run.log()).contains("SASL/SCRAM-SHA-512", "marketing sees the lead as RETAINED");

            String bootstrap = "localhost:" + kafkaPort;
            try (Admin anonymous = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000))) {
                assertThatThrownBy(() -> anonymous.listTopics().names().get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
            }
            Map<String, Object> impostor = new HashMap<>(dev.baton.embedded.EmbeddedKafka.scramClient("marketing-service",
                    "not-its-password"));
            impostor.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (Admin wrongPassword = Admin.create(impostor)) {
                assertThatThrownBy(() -> wrongPassword.listTopics().names().get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class);
            }

            Properties operator = load(run.data().resolve("kafka-client.properties"));
            assertThat(operator.getProperty("security.protocol")).isEqualTo("SASL_PLAINTEXT");
            assertThat(lifecycleRecords(operator)).as("records on %s read as the operator", Topics.LIFECYCLE).isPositive();

            // The registry rebuild reads the lifecycle topic with a consumer of its own: it authenticates too.
            Properties tokens = load(run.data().resolve("tokens.env"));
            HttpResponse<String> rebuild = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:8082/ops/registry/rebuild"))
                    .header("Authorization", "Bearer " + tokens.getProperty("TOKEN_OPS"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(rebuild.statusCode()).as(rebuild.body()).isEqualTo(200);
            assertThat(rebuild.body()).contains("\"differingLeads\":0").doesNotContain("\"eventsRead\":0");

            Properties users = load(run.data().resolve("kafka-users.properties"));
            try (var logs = Files.list(run.data().resolve("logs"))) {
                for (Path log : logs.toList()) {
                    String text = Files.readString(log);
                    for (String user : users.stringPropertyNames()) {
                        assertThat(text).as("%s holds the password of %s", log, user)
                                .doesNotContain(users.getProperty(user));
                    }
                }
            }
            assertThat(run.log()).doesNotContain(users.getProperty("marketing-service"));

            run.process().destroy();
            assertThat(run.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            run.destroyAll();
        }
    }

    private static Properties load(Path file) throws Exception {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            props.load(in);
        }
        return props;
    }

    private static long lifecycleRecords(Properties operator) {
        Map<String, Object> config = new HashMap<>();
        operator.stringPropertyNames().forEach(name -> config.put(name, operator.getProperty(name)));
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.LIFECYCLE, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions, Duration.ofSeconds(30)).values().stream().mapToLong(Long::longValue)
                    .sum();
        }
    }
}
