package dev.baton.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/asyncapi.yaml} is read as YAML, validated against the AsyncAPI 3.0.0 JSON Schema, and compared with
 * {@link Topics} and {@link EventTypes} as a structure: channels and their Kafka bindings, messages and their CloudEvents
 * headers, payloads resolved to the schemas the services validate with, and who sends what.
 */
class AsyncApiContractTest {

    private static final Path DOCUMENT = Path.of("..", "docs", "asyncapi.yaml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonNode doc;

    @BeforeAll
    static void read() throws IOException {
        doc = YAML.readTree(DOCUMENT.toFile());
    }

    @Test
    void theDocumentIsValidAsyncApi3() throws IOException {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        try (InputStream schema = getClass().getResourceAsStream("/asyncapi/asyncapi-3.0.0.schema.json")) {
            Set<ValidationMessage> errors = factory.getSchema(schema).validate(doc);
            assertThat(errors).isEmpty();
        }
        assertThat(doc.path("asyncapi").asText()).isEqualTo("3.0.0");
    }

    @Test
    void itsChannelsAreTheTopicsWithTheirPartitionsAndRetention() {
        Map<String, Topics.TopicSpec> catalog = Topics.catalog(3, (short) 1, 1).stream()
                .collect(Collectors.toMap(Topics.TopicSpec::name, t -> t));
        Map<String, JsonNode> channels = channelsByAddress();
        assertThat(channels.keySet()).containsExactlyInAnyOrderElementsOf(catalog.keySet());

        channels.forEach((address, channel) -> {
            Topics.TopicSpec topic = catalog.get(address);
            JsonNode kafka = channel.path("bindings").path("kafka");
            assertThat(kafka.path("topic").asText()).as("binding topic of %s", address).isEqualTo(address);
            assertThat(kafka.path("partitions").asInt()).as("partitions of %s", address).isEqualTo(topic.partitions());
            JsonNode config = kafka.path("topicConfiguration");
            assertThat(texts(config.path("cleanup.policy"))).as("cleanup.policy of %s", address)
                    .containsExactly(topic.configs().get("cleanup.policy"));
            String retention = topic.configs().get("retention.ms");
            if (retention == null) {
                assertThat(config.has("retention.ms")).as("retention.ms of %s", address).isFalse();
            } else {
                assertThat(config.path("retention.ms").asLong()).as("retention.ms of %s", address)
                        .isEqualTo(Long.parseLong(retention));
            }
        });
    }

    @Test
    void everyEventTypeIsOneMessageOnItsTopicWithItsHeadersAndSchema() throws IOException {
        JsonNode messages = doc.path("components").path("messages");
        Map<String, String> topicOfMessage = new HashMap<>();
        channelsByAddress().forEach((address, channel) -> channel.path("messages").forEach(ref ->
                topicOfMessage.put(target(ref).path("name").asText(), address)));
        Set<String> names = new TreeSet<>();
        messages.forEach(message -> names.add(message.path("name").asText()));
        assertThat(names).containsExactlyInAnyOrderElementsOf(
                java.util.Arrays.stream(EventTypes.values()).map(EventTypes::ceType).toList());

        for (JsonNode message : messages) {
            EventTypes type = EventTypes.fromCeType(message.path("name").asText()).orElseThrow();
            assertThat(topicOfMessage.get(type.ceType())).as("channel of %s", type).isEqualTo(type.topic());
            JsonNode headers = message.path("headers").path("properties");
            assertThat(headers.path("ce_type").path("const").asText()).isEqualTo(type.ceType());
            assertThat(headers.path("ce_dataschema").path("const").asText()).isEqualTo(type.dataSchemaUri());
            assertThat(message.path("contentType").asText()).isEqualTo("application/json");

            JsonNode payload = message.path("payload");
            assertThat(payload.path("schemaFormat").asText()).isEqualTo("application/schema+json;version=draft-2020-12");
            Path schemaFile = DOCUMENT.getParent().resolve(payload.path("schema").path("$ref").asText()).normalize();
            try (InputStream served = getClass().getClassLoader().getResourceAsStream(type.schemaResource())) {
                assertThat(YAML.readTree(schemaFile.toFile())).as("payload of %s", type)
                        .isEqualTo(new ObjectMapper().readTree(served));
            }
        }
    }

    @Test
    void everyMessageOfAChannelIsSentByAnOperationOnThatChannel() {
        Map<String, Set<String>> sent = new TreeMap<>();
        Map<String, Set<String>> received = new TreeMap<>();
        doc.path("operations").forEach(operation -> {
            String address = target(operation.path("channel")).path("address").asText();
            Map<String, Set<String>> side = "send".equals(operation.path("action").asText()) ? sent : received;
            Set<String> names = side.computeIfAbsent(address, a -> new HashSet<>());
            operation.path("messages").forEach(ref -> names.add(target(ref).path("name").asText()));
        });
        channelsByAddress().forEach((address, channel) -> {
            Set<String> declared = new HashSet<>();
            channel.path("messages").forEach(ref -> declared.add(target(ref).path("name").asText()));
            assertThat(sent.getOrDefault(address, Set.of())).as("messages sent on %s", address).isEqualTo(declared);
        });
        // Each service's consuming group reads the topics it depends on.
        assertThat(received.keySet()).containsExactlyInAnyOrder(Topics.LIFECYCLE, Topics.OWNERSHIP,
                Topics.SALES_RESPONSES);
    }

    private static Map<String, JsonNode> channelsByAddress() {
        Map<String, JsonNode> byAddress = new TreeMap<>();
        doc.path("channels").forEach(channel -> byAddress.put(channel.path("address").asText(), channel));
        return byAddress;
    }

    /** Follows a local {@code $ref} (a JSON pointer into this document, through references to references). */
    private static JsonNode target(JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            String ref = current.path("$ref").asText();
            assertThat(ref).as("local reference").startsWith("#/");
            current = doc.at(ref.substring(1));
            assertThat(current.isMissingNode()).as("%s resolves", ref).isFalse();
        }
        return current;
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            StreamSupport.stream(node.spliterator(), false).forEach(n -> out.add(n.asText()));
        } else if (!node.isMissingNode()) {
            out.add(node.asText());
        }
        return out;
    }
}
