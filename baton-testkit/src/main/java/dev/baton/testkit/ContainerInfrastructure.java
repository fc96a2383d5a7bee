package dev.baton.testkit;

import dev.baton.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The test infrastructure from Testcontainers, for machines with a Docker engine ({@code BATON_TEST_INFRA=testcontainers}):
 * the Apache Kafka image of the version the services use, and PostgreSQL 17 as the design names.
 */
public final class ContainerInfrastructure {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    static final String POSTGRES_IMAGE = "postgres:17-alpine";

    private ContainerInfrastructure() {
    }

    static Broker broker() {
        requireDocker();
        // as the embedded broker and a production cluster: topics come from the services' provisioning, with their
        // partitions and settings, never from the first client that names one
        KafkaContainer container = new KafkaContainer(KAFKA_IMAGE).withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        container.start();
        return new Broker(container);
    }

    static Database database() {
        requireDocker();
        PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE)
                .withUsername(EmbeddedPostgres.USER).withPassword(EmbeddedPostgres.PASSWORD)
                // three services' pools and the tests' own connections, as the embedded server allows
                .withCommand("postgres", "-c", "max_connections=200");
        container.start();
        return new Database(container);
    }

    private static void requireDocker() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException(InfrastructureChoice.VARIABLE + "=testcontainers needs a Docker engine and "
                    + "none was found; unset it to use the embedded broker and database");
        }
    }

    /** Outages pause the container: its address stays the same, as the embedded broker's does across a restart. */
    public record Broker(KafkaContainer container) implements TestBroker, AutoCloseable {
        @Override
        public String bootstrapServers() {
            return container.getBootstrapServers();
        }

        @Override
        public void stop() {
            container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
        }

        @Override
        public void start() {
            container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
        }

        @Override
        public void close() {
            container.stop();
        }
    }

    public record Database(PostgreSQLContainer container) implements TestDatabase, AutoCloseable {
        @Override
        public String host() {
            return container.getHost();
        }

        @Override
        public int port() {
            return container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
        }

        @Override
        public void createDatabase(String database) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), EmbeddedPostgres.USER,
                    EmbeddedPostgres.PASSWORD)) {
                EmbeddedPostgres.createOwnedDatabase(connection, database);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create database " + database, e);
            }
        }

        @Override
        public String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
        }

        @Override
        public void close() {
            container.stop();
        }
    }
}
