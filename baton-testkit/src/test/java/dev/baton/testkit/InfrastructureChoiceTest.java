package dev.baton.testkit;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InfrastructureChoiceTest {

    @Test
    void withNothingSetTheTestsUseTheEmbeddedBrokerAndDatabase() {
        assertThat(InfrastructureChoice.from(Map.of(), new Properties())).isEqualTo(InfrastructureChoice.EMBEDDED);
        assertThat(InfrastructureChoice.from(Map.of("BATON_TEST_INFRA", " "), new Properties()))
                .isEqualTo(InfrastructureChoice.EMBEDDED);
    }

    @Test
    void theEnvironmentVariableSelectsTestcontainersInAnyCase() {
        assertThat(InfrastructureChoice.from(Map.of("BATON_TEST_INFRA", "testcontainers"), new Properties()))
                .isEqualTo(InfrastructureChoice.TESTCONTAINERS);
        assertThat(InfrastructureChoice.from(Map.of("BATON_TEST_INFRA", "Testcontainers "), new Properties()))
                .isEqualTo(InfrastructureChoice.TESTCONTAINERS);
    }

    @Test
    void theSystemPropertyWinsOverTheEnvironment() {
        Properties properties = new Properties();
        properties.setProperty("baton.test.infra", "embedded");
        assertThat(InfrastructureChoice.from(Map.of("BATON_TEST_INFRA", "testcontainers"), properties))
                .isEqualTo(InfrastructureChoice.EMBEDDED);
        properties.setProperty("baton.test.infra", "testcontainers");
        assertThat(InfrastructureChoice.from(Map.of(), properties)).isEqualTo(InfrastructureChoice.TESTCONTAINERS);
    }

    @Test
    void anUnknownValueIsRefusedWithTheChoicesRatherThanFallingBack() {
        assertThatThrownBy(() -> InfrastructureChoice.from(Map.of("BATON_TEST_INFRA", "docker"), new Properties()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'docker'").hasMessageContaining("embedded, testcontainers");
    }
}
