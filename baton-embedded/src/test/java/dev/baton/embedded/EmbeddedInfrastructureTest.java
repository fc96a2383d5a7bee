package dev.baton.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedInfrastructureTest {

    @TempDir
    Path dir;

    @Test
    void brokerKeepsRecordsAcrossAStopAndStartOnTheSamePort() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            send(kafka, "before");
            kafka.stop();
            kafka.start();
            send(kafka, "after");

            assertThat(readAll(kafka, 2)).containsExactly("before", "after");
        }
    }

    @Test
    void brokerWritesTopicsToDiskEverySecond() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("flushed", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "flushed");

            var config = admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic);

            // Not the kernel's 30-s bursts: a topic's appends reach the disk within a second (see EmbeddedKafka).
            assertThat(config.get("flush.ms").value()).isEqualTo("1000");
            assertThat(config.get("flush.messages").value()).isEqualTo(Long.toString(Long.MAX_VALUE));
        }
    }

    @Test
    void postgresServesOneDatabasePerService() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dir.resolve("pg"), 0)) {
            postgres.createDatabase("marketing");
            postgres.createDatabase("marketing"); // idempotent
            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("marketing"), "marketing", "marketing");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_database(), current_user")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("marketing");
                assertThat(rs.getString(2)).isEqualTo("marketing");
            }
        }
    }

    private static void send(EmbeddedKafka kafka, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("t", "k", value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> readAll(EmbeddedKafka kafka, int expected) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("t"));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            return values;
        }
    }
}
