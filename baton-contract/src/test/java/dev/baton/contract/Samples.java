package dev.baton.contract;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** A filled-in, schema-valid instance of each event record, every optional fact set, for contract tests. */
final class Samples {

    static final String LEAD = "5b0a0c1e-0000-4000-8000-000000000001";

    private Samples() {
    }

    /** The JSON Schema of {@code type}'s data. */
    static JsonNode schema(EventTypes type) {
        try (InputStream in = Samples.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The schema of the record {@link EventTypes#dataType()} stands for: the details of a lifecycle type. */
    static JsonNode recordSchema(EventTypes type) {
        JsonNode schema = schema(type);
        return type.isLifecycle() ? schema.path("properties").path("details") : schema;
    }

    /** A lifecycle event of {@code type} with every detail set. */
    static LifecycleEvent lifecycle(EventTypes type) {
        LifecycleTransitions.Move move = LifecycleTransitions.movesOf(type).stream()
                .min(java.util.Comparator.comparing(LifecycleTransitions.Move::from)
                        .thenComparing(LifecycleTransitions.Move::to)).orElseThrow();
        return new LifecycleEvent(LEAD, move.from(), move.to(), Actor.userFor("mia", "rep-ada"), "because",
                "cause-1", 3, Instant.parse("2026-01-01T10:00:00Z"), (LifecycleDetails) data(type));
    }

    /** The data record of {@code type} (the details of a lifecycle type) with every component set. */
    static Object data(EventTypes type) {
        Class<?> record = type.dataType();
        JsonNode properties = recordSchema(type).path("properties");
        RecordComponent[] components = record.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = value(components[i].getGenericType(), properties.path(components[i].getName()));
        }
        try {
            return record.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build a " + record.getSimpleName(), e);
        }
    }

    private static Object value(Type type, JsonNode property) {
        if (type instanceof ParameterizedType generic) {
            if (generic.getRawType() == List.class) {
                return List.of("crm", "pricing");
            }
            return generic.getActualTypeArguments()[0] == ConsentChannel.class
                    ? Map.of(ConsentChannel.EMAIL, true, ConsentChannel.PHONE, false) : Map.of("plan", "pro");
        }
        Class<?> raw = (Class<?>) type;
        if (raw == String.class) {
            return property.has("enum") ? property.path("enum").get(0).asText()
                    : property.path("format").asText().equals("date-time") ? "2026-01-01T11:00:00Z" : "some-text";
        }
        if (raw == Instant.class) {
            return Instant.parse("2026-01-01T12:00:00Z");
        }
        if (raw == LocalDate.class) {
            return LocalDate.parse("2026-03-31");
        }
        if (raw == double.class || raw == Double.class) {
            return 72.5;
        }
        if (raw == BigDecimal.class) {
            return new BigDecimal("12000.5");
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return raw == long.class || raw == Long.class ? (Object) 2L : (Object) 2;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return true;
        }
        if (raw == Actor.class) {
            return Actor.userFor("mia", "rep-ada");
        }
        if (raw.isEnum()) {
            return raw.getEnumConstants()[0];
        }
        throw new IllegalStateException("no sample value for a " + raw);
    }
}
