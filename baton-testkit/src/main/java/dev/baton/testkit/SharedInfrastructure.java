package dev.baton.testkit;

import dev.baton.embedded.EmbeddedKafka;
import dev.baton.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real Kafka broker and one real PostgreSQL per test JVM, started on first use and stopped when the JVM exits.
 * Tests never assume an empty database: they create their own leads with fresh ids.
 */
public final class SharedInfrastructure {

    private static EmbeddedKafka kafka;
    private static EmbeddedPostgres postgres;
    private static Path root;

    private SharedInfrastructure() {
    }

    public static synchronized EmbeddedKafka kafka() {
        if (kafka == null) {
            // The broker logs through this JVM's logging; only its warnings matter to a test run.
            for (String category : java.util.List.of("kafka", "org.apache.kafka", "state.change.logger")) {
                java.util.logging.Logger.getLogger(category).setLevel(java.util.logging.Level.WARNING);
            }
            kafka = EmbeddedKafka.start(root().resolve("kafka"), 0);
        }
        return kafka;
    }

    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            postgres = EmbeddedPostgres.start(root().resolve("postgres"), 0);
        }
        return postgres;
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
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
