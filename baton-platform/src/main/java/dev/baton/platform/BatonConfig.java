package dev.baton.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings every Baton service shares. Environment variables override them ({@code BATON_TOPICS_PARTITIONS}...). */
@ConfigMapping(prefix = "baton")
public interface BatonConfig {

    /** This service's name: the CloudEvents {@code source}, the Kafka consumer group and its dead-letter topic. */
    String service();

    Topics topics();

    Db db();

    Http http();

    interface Http {
        /** Largest request body accepted, in bytes; a larger one is answered 413 problem+json and changes nothing. */
        @WithDefault("1048576")
        long maxBodySize();
    }

    Outbox outbox();

    Security security();

    Reads reads();

    /** Reads that clients poll, and reports, beside the writers and consumers that share the database pool. */
    interface Reads {
        /** Lookups (an opportunity, an ownership) running at once; more wait their turn without a connection. */
        @WithDefault("8")
        int maxLookups();

        /** Lookups waiting for their turn; more are answered 429 with Retry-After. */
        @WithDefault("200")
        int maxWaitingLookups();

        /** Reports running at once (each may scan); more are answered 429 with Retry-After. */
        @WithDefault("2")
        int maxReports();

        /** Longest a report's statement runs before PostgreSQL cancels it (answered 503). */
        @WithDefault("PT5S")
        Duration reportTimeout();
    }

    interface Security {
        /**
         * Bearer tokens whose verification is remembered until they expire (at most five minutes): a caller sending
         * many requests with one token pays the signature check once. 0 verifies every request.
         */
        @WithDefault("10000")
        int verifiedTokens();
    }

    interface Topics {
        /** Whether the service creates the topics it needs at start. Off where Strimzi KafkaTopics manage them. */
        @WithDefault("true")
        boolean provision();

        /** Partitions of each keyed topic. */
        @WithDefault("3")
        int partitions();

        /** Replicas of every topic: 1 on one machine, 3 in production. */
        @WithDefault("1")
        short replicationFactor();

        /** {@code min.insync.replicas} of every topic: 1 on one machine, 2 in production. */
        @WithDefault("1")
        int minInsyncReplicas();
    }

    /**
     * Where this service's own PostgreSQL database is. {@code application.properties} builds the reactive and JDBC URLs
     * from these, so that ops set five plain variables ({@code BATON_DB_HOST}...) rather than two URLs.
     */
    interface Db {
        @WithDefault("localhost")
        String host();

        @WithDefault("5432")
        int port();

        /** Database name; defaults to the service's own (marketing, handoff, sales). */
        java.util.Optional<String> name();

        java.util.Optional<String> user();

        java.util.Optional<String> password();
    }

    interface Outbox {
        /** Whether this instance runs the outbox relay (only one instance per service publishes at a time anyway). */
        @WithDefault("true")
        boolean relay();

        /**
         * Most events the relay reads and publishes in one round: each round is a read, a wait for the broker's
         * acknowledgements and a delete, so bigger rounds carry more events per second.
         */
        @WithDefault("2000")
        int batchSize();

        /** How long the relay sleeps when idle and nobody commits; a commit in this JVM wakes it at once. */
        @WithDefault("PT0.5S")
        Duration pollInterval();

        /** How long to wait before trying again after the broker or the database failed. */
        @WithDefault("PT1S")
        Duration retryBackoff();

        /**
         * How long the relay's leadership lasts unless renewed (it is renewed every second): the longest a crashed or
         * cut-off leader delays publication before another replica takes over.
         */
        @WithDefault("PT10S")
        Duration lease();

        /**
         * Largest record the relay sends, in bytes (key, value and headers); a larger one is parked, not sent. Under
         * the broker's default {@code message.max.bytes} (1,048,588) and the producer's {@code max.request.size}.
         */
        @WithDefault("1000000")
        long maxRecordBytes();
    }
}
