package dev.baton.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Looks for a piece of personal data (a test's unique canary) everywhere Baton writes: every row of every table of a
 * database, every record (key, headers, value) of every topic read from the beginning, and the bytes of every file
 * under a directory (the broker's segment files, the services' logs). Each answers where it found it; empty when
 * nowhere.
 */
public final class PersonalDataScan {

    private PersonalDataScan() {
    }

    /** The tables of {@code database} with rows whose text contains {@code canary}, and how many rows. */
    public static Map<String, Long> rowsContaining(TestDatabase postgres, String database, String canary) {
        return rowsContaining(postgres.jdbcUrl(database), canary);
    }

    /** The tables of the database at {@code jdbcUrl} (superuser postgres) with rows containing {@code canary}. */
    public static Map<String, Long> rowsContaining(String jdbcUrl, String canary) {
        Map<String, Long> found = new TreeMap<>();
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = db.createStatement().executeQuery("SELECT schemaname || '.' || quote_ident(tablename)"
                    + " FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                try (PreparedStatement count = db.prepareStatement(
                        "SELECT count(*) FROM " + table + " t WHERE strpos(t::text, ?) > 0")) {
                    count.setString(1, canary);
                    try (ResultSet rows = count.executeQuery()) {
                        rows.next();
                        if (rows.getLong(1) > 0) {
                            found.put(table, rows.getLong(1));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot scan database " + jdbcUrl, e);
        }
        return found;
    }

    /** The topics with records whose key, headers or value contain {@code canary}, and how many records. */
    public static Map<String, Long> recordsContaining(String bootstrap, String canary) {
        Map<String, Long> found = new TreeMap<>();
        byte[] needle = canary.getBytes(StandardCharsets.UTF_8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                     ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(),
                     new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : admin.listTopics().names().get()) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the topics were not read to their end in 2 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (contains(record.key(), needle) || contains(record.value(), needle)
                            || headersContain(record, needle)) {
                        found.merge(record.topic(), 1L, Long::sum);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot list the topics", e);
        }
        return found;
    }

    /** The files under {@code root} whose bytes contain {@code canary}. */
    public static List<Path> filesContaining(Path root, String canary) {
        byte[] needle = canary.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(file -> {
                try {
                    return contains(Files.readAllBytes(file), needle);
                } catch (IOException e) {
                    return false; // gone meanwhile (a rolled segment, a rotated log)
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean headersContain(ConsumerRecord<byte[], byte[]> record, byte[] needle) {
        for (Header header : record.headers()) {
            if (contains(header.value(), needle)) {
                return true;
            }
        }
        return false;
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        if (haystack == null || needle.length == 0) {
            return false;
        }
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
