package dev.baton.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The schemas vendored under {@code src/test/resources/schemas} (see its README): Kubernetes' own JSON schemas of the
 * built-in kinds, and the {@code openAPIV3Schema} of every served version of the Strimzi, CloudNativePG and Barman
 * Cloud plugin CRDs. Keyed by {@code apiVersion/kind}.
 */
final class SchemaCatalog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
    private static final Map<String, JsonNode> SOURCES = load();
    private static final Map<String, Schema> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();

    private SchemaCatalog() {
    }

    /** Every {@code apiVersion/kind} a schema was vendored for. */
    static Set<String> kinds() {
        return SOURCES.keySet();
    }

    /** Where the schemas are: one folder per source and version. */
    static Path root() {
        try {
            return Path.of(SchemaCatalog.class.getClassLoader().getResource("schemas/README.md").toURI()).getParent();
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("src/test/resources/schemas is not on the test class path", e);
        }
    }

    /** The schema errors of one object; an object of a kind without a vendored schema is an error too. */
    static List<String> validate(Map<String, Object> object) {
        String key = object.get("apiVersion") + "/" + object.get("kind");
        if (!SOURCES.containsKey(key)) {
            return List.of(key + ": no vendored schema (known: " + SOURCES.keySet() + ")");
        }
        Schema schema = COMPILED.computeIfAbsent(key, k -> REGISTRY.getSchema(SOURCES.get(k)));
        List<String> errors = new ArrayList<>();
        schema.validate(JSON.valueToTree(object)).forEach(e -> errors.add(e.toString()));
        return errors;
    }

    private static Map<String, JsonNode> load() {
        Map<String, JsonNode> out = new TreeMap<>();
        for (Path file : Repo.files(root())) {
            String name = file.getFileName().toString();
            try {
                if (name.endsWith(".json")) {
                    JsonNode schema = JSON.readTree(file.toFile());
                    // "http://json-schema.org/schema#" (the latest draft, unresolvable offline): they are draft 4.
                    ((ObjectNode) schema).remove("$schema");
                    out.put(schema.at("/properties/apiVersion/enum/0").asText() + "/"
                            + schema.at("/properties/kind/enum/0").asText(), schema);
                } else if (name.endsWith(".yaml")) {
                    JsonNode crd = YAML.readTree(Files.readString(file));
                    String group = crd.at("/spec/group").asText();
                    String kind = crd.at("/spec/names/kind").asText();
                    for (JsonNode version : crd.at("/spec/versions")) {
                        if (version.path("served").asBoolean()) {
                            out.put(group + "/" + version.path("name").asText() + "/" + kind,
                                    structural(version.at("/schema/openAPIV3Schema").deepCopy(), true));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /**
     * A CRD's structural schema as JSON Schema (draft 4) that refuses what the API server would prune: an object with
     * declared {@code properties} admits no other field unless it preserves unknown fields; {@code nullable} admits
     * null; {@code x-kubernetes-int-or-string} admits an integer or a string. The metadata of the top level is left
     * to Kubernetes (a CRD declares it as a bare object). Inside allOf/anyOf/oneOf, which in a structural schema only
     * add constraints to fields declared beside them, no field is refused.
     */
    static JsonNode structural(JsonNode node, boolean strict) {
        if (!(node instanceof ObjectNode schema)) {
            return node;
        }
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            schema.remove("type");
            ArrayNode anyOf = schema.putArray("anyOf");
            anyOf.addObject().put("type", "integer");
            anyOf.addObject().put("type", "string");
        }
        if (schema.path("nullable").asBoolean(false) && schema.get("type") != null && schema.get("type").isTextual()) {
            ArrayNode types = JsonNodeFactory.instance.arrayNode().add(schema.get("type").asText()).add("null");
            schema.set("type", types);
        }
        for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (field.startsWith("x-kubernetes-") || field.equals("nullable")) {
                it.remove();
            }
        }
        if (schema.get("properties") instanceof ObjectNode properties) {
            properties.fields().forEachRemaining(p -> structural(p.getValue(), true));
            if (strict && !preserve && !schema.has("additionalProperties")) {
                schema.put("additionalProperties", false);
            }
        }
        for (String child : List.of("items", "additionalProperties")) {
            structural(schema.get(child), true);
        }
        for (String list : List.of("allOf", "anyOf", "oneOf")) {
            if (schema.get(list) instanceof ArrayNode items) {
                items.forEach(item -> structural(item, false));
            }
        }
        return schema;
    }
}
