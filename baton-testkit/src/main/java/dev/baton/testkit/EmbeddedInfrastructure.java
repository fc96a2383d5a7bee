package dev.baton.testkit;

import dev.baton.embedded.EmbeddedKafka;
import dev.baton.embedded.EmbeddedPostgres;

import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The default test infrastructure: a KRaft broker and a zonky PostgreSQL 17 in this JVM, no Docker needed. */
public final class EmbeddedInfrastructure {

    private EmbeddedInfrastructure() {
    }

    static Broker broker(Path dir) {
        // The broker logs through this JVM's logging; only its warnings matter to a test run.
        for (String category : List.of("kafka", "org.apache.kafka", "state.change.logger")) {
            Logger.getLogger(category).setLevel(Level.WARNING);
        }
        return new Broker(EmbeddedKafka.start(dir, 0));
    }

    static Database database(Path dir) {
        return new Database(EmbeddedPostgres.start(dir, 0));
    }

    /** Public with public methods: other class loaders of the test JVM call it by reflection. */
    public record Broker(EmbeddedKafka kafka) implements TestBroker, AutoCloseable {
        @Override
        public String bootstrapServers() {
            return kafka.bootstrapServers();
        }

        @Override
        public void stop() {
            kafka.stop();
        }

        @Override
        public void start() {
            kafka.start();
        }

        @Override
        public java.util.Optional<Path> logDirectory() {
            return java.util.Optional.of(kafka.logDirectory());
        }

        @Override
        public void close() {
            kafka.close();
        }
    }

    public record Database(EmbeddedPostgres postgres) implements TestDatabase, AutoCloseable {
        @Override
        public String host() {
            return "localhost";
        }

        @Override
        public int port() {
            return postgres.port();
        }

        @Override
        public void createDatabase(String database) {
            postgres.createDatabase(database);
        }

        @Override
        public String jdbcUrl(String database) {
            return postgres.jdbcUrl(database);
        }

        @Override
        public void close() {
            postgres.close();
        }
    }
}
