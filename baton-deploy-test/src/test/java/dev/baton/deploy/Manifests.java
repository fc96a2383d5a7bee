package dev.baton.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The rendered objects of one kustomization, with the look-ups the tests need. Objects are plain YAML maps. */
final class Manifests {

    final Path dir;
    final List<Map<String, Object>> objects;

    Manifests(Path dir, List<Map<String, Object>> objects) {
        this.dir = dir;
        this.objects = List.copyOf(objects);
    }

    String name() {
        return dir.getFileName().toString();
    }

    List<Map<String, Object>> kind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return kind(kind).stream().filter(o -> name.equals(str(o, "metadata", "name"))).findFirst();
    }

    Map<String, Object> get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(
                name() + ": no " + kind + " named " + name + " in the rendered manifests"));
    }

    Map<String, Object> deployment(String service) {
        return get("Deployment", service);
    }

    /** The service's container (the one named like the Deployment, or the only one). */
    static Map<String, Object> container(Map<String, Object> deployment) {
        List<Map<String, Object>> containers = maps(deployment, "spec", "template", "spec", "containers");
        String name = str(deployment, "metadata", "name");
        return containers.stream().filter(c -> name.equals(c.get("name"))).findFirst()
                .orElseGet(() -> {
                    if (containers.size() != 1) {
                        throw new AssertionError("Deployment " + name + " has no container named " + name);
                    }
                    return containers.get(0);
                });
    }

    static Map<String, Object> podSpec(Map<String, Object> deployment) {
        return map(deployment, "spec", "template", "spec");
    }

    static Map<String, String> podLabels(Map<String, Object> deployment) {
        return strings(map(deployment, "spec", "template", "metadata", "labels"));
    }

    /**
     * The environment the container gets, as the kubelet builds it: the keys of every envFrom ConfigMap first, then
     * {@code env} entries (which win). Values from Secrets are recorded as {@code secret:NAME/KEY}.
     */
    Map<String, String> environment(Map<String, Object> deployment) {
        Map<String, Object> container = container(deployment);
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> from : maps(container, "envFrom")) {
            String prefix = Objects.toString(from.get("prefix"), "");
            if (from.get("configMapRef") != null) {
                String cm = str(from, "configMapRef", "name");
                strings(map(get("ConfigMap", cm), "data")).forEach((k, v) -> env.put(prefix + k, v));
            }
            if (from.get("secretRef") != null) {
                throw new AssertionError(str(deployment, "metadata", "name")
                        + ": envFrom secretRef hides which keys a Secret must have; use env secretKeyRef");
            }
        }
        for (Map<String, Object> e : maps(container, "env")) {
            String name = (String) e.get("name");
            if (e.containsKey("value")) {
                env.put(name, Objects.toString(e.get("value"), ""));
            } else if (e.get("valueFrom") != null) {
                Map<String, Object> from = map(e, "valueFrom");
                if (from.get("secretKeyRef") != null) {
                    env.put(name, "secret:" + str(from, "secretKeyRef", "name") + "/" + str(from, "secretKeyRef", "key"));
                } else if (from.get("configMapKeyRef") != null) {
                    String cm = str(from, "configMapKeyRef", "name");
                    env.put(name, strings(map(get("ConfigMap", cm), "data")).get(str(from, "configMapKeyRef", "key")));
                } else {
                    env.put(name, "ref:" + from);
                }
            } else {
                env.put(name, "");
            }
        }
        return env;
    }

    /** Whether a label selector ({@code matchLabels} only, or a plain map) selects the given labels. */
    static boolean selects(Map<String, Object> selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, Object> match = selector.containsKey("matchLabels") || selector.containsKey("matchExpressions")
                ? map(selector, "matchLabels") : selector;
        if (selector.containsKey("matchExpressions")) {
            throw new AssertionError("matchExpressions are not used in deploy/; keep selectors to matchLabels");
        }
        return strings(match).entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    // ---- navigation in YAML maps -------------------------------------------------------------------------------

    static Object at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String... path) {
        Object value = at(node, path);
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object node, String... path) {
        Object value = at(node, path);
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object item : list) {
            out.add(item instanceof Map ? (Map<String, Object>) item : Map.of());
        }
        return out;
    }

    static String str(Object node, String... path) {
        Object value = at(node, path);
        return value == null ? null : value.toString();
    }

    static Map<String, String> strings(Map<String, Object> map) {
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, v == null ? null : v.toString()));
        return out;
    }
}
