package dev.baton.platform.kafka;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaClientsTest {

    @Test
    void theRelayAndAdminClientsConnectWithTheChannelsAddressAndSecurity() {
        Map<String, Object> kafka = Map.of(
                "bootstrap.servers", "kafka:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "ssl.truststore.location", "/etc/baton/kafka/ca.p12",
                "ssl.engine.factory.class", "io.quarkus.kafka.client.tls.QuarkusKafkaSslEngineFactory",
                "tls-configuration-name", "kafka",
                "auto.offset.reset", "earliest",
                "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");

        assertThat(KafkaClients.connection(kafka)).containsOnlyKeys("bootstrap.servers", "security.protocol",
                "sasl.mechanism", "sasl.jaas.config", "ssl.truststore.location", "ssl.engine.factory.class",
                "tls-configuration-name");
    }
}
