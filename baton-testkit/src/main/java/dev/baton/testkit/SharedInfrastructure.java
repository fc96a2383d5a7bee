package dev.baton.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real Kafka broker and one real PostgreSQL per test JVM, started on first use and stopped when the JVM exits:
 * embedded by default, from Testcontainers when {@link InfrastructureChoice} says so. Tests never assume an empty
 * database: they create their own leads with fresh ids.
 */
public final class SharedInfrastructure {

    private static TestBroker kafka;
    private static TestDatabase postgres;
    private static Path root;

    private SharedInfrastructure() {
    }

    public static synchronized TestBroker kafka() {
        if (kafka == null) {
            kafka = switch (choice()) {
                case EMBEDDED -> EmbeddedInfrastructure.broker(root().resolve("kafka"));
                case TESTCONTAINERS -> ContainerInfrastructure.broker();
            };
        }
        return kafka;
    }

    public static synchronized TestDatabase postgres() {
        if (postgres == null) {
            postgres = switch (choice()) {
                case EMBEDDED -> EmbeddedInfrastructure.database(root().resolve("postgres"));
                case TESTCONTAINERS -> ContainerInfrastructure.database();
            };
        }
        return postgres;
    }

    private static InfrastructureChoice choice() {
        root();
        return InfrastructureChoice.current();
    }

    private static Path root() {
        if (root == null) {
            try {
                Path target = Path.of("target");
                root = Files.createTempDirectory(Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir")),
                        "baton-infra-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(SharedInfrastructure::stopAll, "baton-infra-stop"));
        }
        return root;
    }

    private static synchronized void stopAll() {
        for (Object started : new Object[] {kafka, postgres}) {
            if (started instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    System.err.println("cannot stop test infrastructure: " + e);
                }
            }
        }
    }
}
