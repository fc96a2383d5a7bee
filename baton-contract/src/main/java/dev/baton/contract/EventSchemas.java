package dev.baton.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The JSON Schema of every event type, loaded once from this module's {@code schemas/} folder. */
public final class EventSchemas {

    private static final Map<EventTypes, JsonSchema> SCHEMAS = new EnumMap<>(EventTypes.class);

    static {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        for (EventTypes type : EventTypes.values()) {
            try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
                if (in == null) {
                    throw new IllegalStateException("no schema " + type.schemaResource());
                }
                SCHEMAS.put(type, factory.getSchema(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private EventSchemas() {
    }

    /**
     * Parses {@code json} and validates it against the schema of {@code type}.
     *
     * @throws InvalidEventException when it is not JSON or not valid
     */
    public static JsonNode validate(EventTypes type, String json) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("data is not JSON");
        }
        if (node == null || node.isMissingNode()) {
            throw new InvalidEventException("data is empty");
        }
        Set<ValidationMessage> errors = SCHEMAS.get(type).validate(node);
        if (!errors.isEmpty()) {
            throw new InvalidEventException("data does not match " + type.dataSchemaUri() + ": "
                    + errors.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("; ")));
        }
        if (type.isLifecycle() && !type.shortName().equals(node.path("type").asText())) {
            throw new InvalidEventException("data.type " + node.path("type").asText() + " does not match " + type.ceType());
        }
        return node;
    }
}
