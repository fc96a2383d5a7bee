package dev.baton.contract;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each event type's Java record and its JSON Schema say the same thing, checked both ways: every schema property is a
 * record component of a matching JSON type (and the same constants where both are enumerations), every component is a
 * schema property, and a record with every component set is valid against the schema and reads back equal.
 */
class EventRecordsTest {

    @ParameterizedTest
    @EnumSource(EventTypes.class)
    void theRecordHasExactlyTheSchemasProperties(EventTypes type) {
        JsonNode properties = Samples.recordSchema(type).path("properties");
        Set<String> schemaNames = new TreeSet<>();
        properties.fieldNames().forEachRemaining(schemaNames::add);
        Set<String> componentNames = Arrays.stream(type.dataType().getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(componentNames).as("components of %s", type.dataType().getSimpleName()).isEqualTo(schemaNames);
    }

    @ParameterizedTest
    @EnumSource(EventTypes.class)
    void eachComponentHasTheSchemasJsonType(EventTypes type) {
        JsonNode properties = Samples.recordSchema(type).path("properties");
        for (RecordComponent component : type.dataType().getRecordComponents()) {
            JsonNode property = properties.path(component.getName());
            String where = type.dataType().getSimpleName() + "." + component.getName();
            Set<String> jsonTypes = jsonTypes(property);
            jsonTypes.remove("null");
            assertThat(jsonTypes).as("JSON type of %s", where).containsExactly(jsonTypeOf(component));
            if (property.has("enum") && component.getType().isEnum()) {
                assertThat(Arrays.stream(component.getType().getEnumConstants()).map(Object::toString).toList())
                        .as("constants of %s", where).containsExactlyInAnyOrderElementsOf(texts(property.path("enum")));
            }
            if (component.getType().isPrimitive()) {
                assertThat(jsonTypes(property)).as("%s is primitive, so the schema may not allow null", where)
                        .doesNotContain("null");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EventTypes.class)
    void requiredPropertiesAreComponentsAndNotNullable(EventTypes type) {
        JsonNode schema = Samples.recordSchema(type);
        for (String required : texts(schema.path("required"))) {
            assertThat(schema.path("properties").has(required)).as("%s requires %s", type, required).isTrue();
            assertThat(jsonTypes(schema.path("properties").path(required))).as("required %s of %s", required, type)
                    .doesNotContain("null");
        }
    }

    @ParameterizedTest
    @EnumSource(EventTypes.class)
    void aFilledRecordIsValidAgainstItsSchemaAndReadsBackEqual(EventTypes type) {
        Object data = type.isLifecycle() ? Samples.lifecycle(type) : Samples.data(type);
        CloudEvent event = CloudEvent.create("marketing-service", type, Samples.LEAD, Instant.now(), data);

        CloudEvent.Decoded decoded = CloudEvent.decode(new RecordHeaders(event.kafkaHeaders()), event.data());

        Class<?> dataClass = type.isLifecycle() ? LifecycleEvent.class : type.dataType();
        Object read = decoded.dataAs(dataClass);
        assertThat(read).isEqualTo(data);
        if (read instanceof LifecycleEvent lifecycle) {
            assertThat(lifecycle.type()).isEqualTo(type);
            assertThat(lifecycle.details().type()).isEqualTo(type);
        }
    }

    private static String jsonTypeOf(RecordComponent component) {
        Class<?> raw = component.getType();
        if (raw == String.class || raw == Instant.class || raw == LocalDate.class || raw.isEnum()) {
            return "string";
        }
        if (raw == double.class || raw == Double.class || raw == BigDecimal.class) {
            return "number";
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return "integer";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "boolean";
        }
        if (raw == List.class && component.getGenericType() instanceof ParameterizedType) {
            return "array";
        }
        return "object";
    }

    private static Set<String> jsonTypes(JsonNode property) {
        JsonNode type = property.path("type");
        return type.isArray() ? new TreeSet<>(texts(type)) : new TreeSet<>(Set.of(type.asText()));
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
