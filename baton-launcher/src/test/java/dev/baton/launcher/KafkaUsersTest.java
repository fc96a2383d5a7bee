package dev.baton.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaUsersTest {

    @TempDir
    Path data;

    @Test
    void oneSettingTurnsAuthenticationOn() {
        assertThat(KafkaUsers.wanted(Map.of())).isFalse();
        assertThat(KafkaUsers.wanted(Map.of("BATON_KAFKA_SASL", "none"))).isFalse();
        assertThat(KafkaUsers.wanted(Map.of("BATON_KAFKA_SASL", "scram"))).isTrue();
        assertThatThrownBy(() -> KafkaUsers.wanted(Map.of("BATON_KAFKA_SASL", "plain")))
                .hasMessageContaining("BATON_KAFKA_SASL");
    }

    @Test
    void eachServiceAndTheOperatorGetAPasswordKeptForTheNextStartAndReadableByTheOwnerOnly() throws Exception {
        Map<String, String> first = KafkaUsers.load(data, List.of("marketing-service", "sales-service"));
        Map<String, String> again = KafkaUsers.load(data, List.of("marketing-service", "sales-service"));

        assertThat(first).containsOnlyKeys("marketing-service", "sales-service", KafkaUsers.OPERATOR);
        assertThat(first.values()).doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).hasSizeGreaterThanOrEqualTo(20));
        assertThat(again).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("kafka-users.properties"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aServiceReceivesItsClientSettingsAsQuarkusKafkaVariables() {
        Map<String, String> env = KafkaUsers.serviceEnvironment(Map.of("security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", "x required;"));

        assertThat(env).containsOnly(Map.entry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"),
                Map.entry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"), Map.entry("KAFKA_SASL_JAAS_CONFIG", "x required;"));
    }
}
