package dev.baton.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The secured broker: its users get in, with their settings; anyone else is refused. */
class ScramBrokerTest {

    @TempDir
    Path dir;

    @Test
    void aUserWithItsCredentialsWorksAndSurvivesARestart() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startWithScram(dir, 0, Map.of("marketing-service", "s3cret-test"))) {
            assertThat(kafka.secured()).isTrue();
            try (Admin admin = admin(kafka, kafka.clientSecurity("marketing-service"))) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            kafka.stop();
            kafka.start();
            try (Admin admin = admin(kafka, kafka.clientSecurity("marketing-service"))) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("t");
            }
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        try (EmbeddedKafka kafka = EmbeddedKafka.startWithScram(dir, 0, Map.of("sales-service", "right-test"));
             Admin admin = admin(kafka, EmbeddedKafka.scramClient("sales-service", "wrong"))) {
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aClientWithoutCredentialsGetsNothing() {
        try (EmbeddedKafka kafka = EmbeddedKafka.startWithScram(dir, 0, Map.of("sales-service", "right-test"));
             Admin admin = admin(kafka, Map.of())) {
            // A plaintext client never completes a request on a SASL listener: the broker closes its connection.
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
        }
    }

    @Test
    void aLogFormattedWithoutTheseUsersIsRefusedRatherThanStartedWithoutCredentials() {
        EmbeddedKafka.start(dir, 0).close();

        assertThatThrownBy(() -> EmbeddedKafka.startWithScram(dir, 0, Map.of("sales-service", "right-test")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("--fresh");
    }

    @Test
    void theBrokersOwnPasswordIsReadableByTheOwnerOnly() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startWithScram(dir, 0, Map.of("sales-service", "right-test"))) {
            for (String file : List.of("broker-password", "server.properties")) {
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                        java.nio.file.Files.getPosixFilePermissions(dir.resolve(file)))).as(file).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void aPlaintextBrokerNeedsNoSettings() {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
            assertThat(kafka.secured()).isFalse();
            assertThat(kafka.clientSecurity("anyone")).isEmpty();
        }
    }

    private static Admin admin(EmbeddedKafka kafka, Map<String, String> security) {
        Map<String, Object> config = new HashMap<>(security);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        return Admin.create(config);
    }
}
