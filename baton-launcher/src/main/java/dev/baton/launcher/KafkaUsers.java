package dev.baton.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The users of the embedded broker when it authenticates (BATON_KAFKA_SASL=scram): one per service and one for an
 * operator's tools (Kafka's Java console tools). Passwords are generated once per data folder and kept there,
 * readable by the owner only, so that a restart without --fresh finds the broker's users unchanged.
 */
final class KafkaUsers {

    static final String OPERATOR = "baton-operator";

    private KafkaUsers() {
    }

    /** Whether the environment asks for an authenticating embedded broker. */
    static boolean wanted(Map<String, String> env) {
        String sasl = env.getOrDefault("BATON_KAFKA_SASL", "").trim();
        if (sasl.isEmpty() || sasl.equalsIgnoreCase("none")) {
            return false;
        }
        if (sasl.equalsIgnoreCase("scram")) {
            return true;
        }
        throw new IllegalArgumentException("BATON_KAFKA_SASL must be 'scram' or 'none', was '" + sasl + "'");
    }

    /** User name → password for the services and the operator, created in {@code data} on the first call. */
    static Map<String, String> load(Path data, List<String> services) {
        Path file = data.resolve("kafka-users.properties");
        Properties users = new Properties();
        try {
            if (Files.exists(file)) {
                try (var in = Files.newInputStream(file)) {
                    users.load(in);
                }
            }
            boolean added = false;
            SecureRandom random = new SecureRandom();
            for (String user : concat(services, OPERATOR)) {
                if (!users.containsKey(user)) {
                    byte[] secret = new byte[18];
                    random.nextBytes(secret);
                    users.setProperty(user, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
                    added = true;
                }
            }
            if (added) {
                Files.deleteIfExists(file);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (OutputStream out = Files.newOutputStream(file)) {
                    users.store(out, "Local broker users (generated; delete the data folder to forget them)");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> all = new TreeMap<>();
        users.stringPropertyNames().forEach(name -> all.put(name, users.getProperty(name)));
        return all;
    }

    /** The environment that makes a service's Kafka clients (channels, relay, admin) authenticate as it. */
    static Map<String, String> serviceEnvironment(Map<String, String> clientSecurity) {
        Map<String, String> env = new LinkedHashMap<>();
        clientSecurity.forEach((key, value) -> env.put("KAFKA_" + key.toUpperCase().replace('.', '_'), value));
        return env;
    }

    /** A client properties file for the operator, for Kafka's Java tools (kafka-console-consumer --consumer.config). */
    static Path writeOperatorConfig(Path data, String bootstrapServers, Map<String, String> clientSecurity) {
        Path file = data.resolve("kafka-client.properties");
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", bootstrapServers);
        clientSecurity.forEach(props::setProperty);
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(file)) {
                props.store(out, "Kafka client settings of the operator user " + OPERATOR);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static List<String> concat(List<String> services, String operator) {
        List<String> all = new java.util.ArrayList<>(services);
        all.add(operator);
        return all;
    }
}
