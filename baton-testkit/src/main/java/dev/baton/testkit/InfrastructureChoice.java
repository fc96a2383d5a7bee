package dev.baton.testkit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Where the tests take Kafka and PostgreSQL from. The default, {@code embedded}, needs no Docker engine (a KRaft broker
 * and a zonky PostgreSQL in the test JVM); {@code testcontainers} takes both from containers on a machine that has one.
 * Chosen by the system property {@code baton.test.infra}, else the environment variable {@code BATON_TEST_INFRA}.
 */
public enum InfrastructureChoice {
    EMBEDDED,
    TESTCONTAINERS;

    public static final String VARIABLE = "BATON_TEST_INFRA";
    public static final String PROPERTY = "baton.test.infra";

    /** The choice of this JVM. */
    public static InfrastructureChoice current() {
        return from(System.getenv(), System.getProperties());
    }

    static InfrastructureChoice from(Map<String, String> environment, Properties properties) {
        String property = properties.getProperty(PROPERTY);
        String value = property != null && !property.isBlank() ? property : environment.get(VARIABLE);
        if (value == null || value.isBlank()) {
            return EMBEDDED;
        }
        String name = value.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(choice -> choice.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown test infrastructure '" + value + "' ("
                        + VARIABLE + " or -D" + PROPERTY + "): choose one of " + Arrays.stream(values())
                        .map(choice -> choice.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))));
    }
}
