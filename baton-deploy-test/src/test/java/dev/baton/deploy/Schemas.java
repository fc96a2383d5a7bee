package dev.baton.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which kinds deploy/ may contain, and a field-by-field check of each object: against the vendored schemas
 * ({@link SchemaCatalog}: Kubernetes' own, and the CRDs of the pinned Strimzi, CloudNativePG and Barman Cloud plugin
 * releases), and where a Java model exists also against it (fabric8 for built-in kinds, Strimzi's API module). A
 * misspelt or unknown field anywhere in an object is an error.
 */
final class Schemas {

    /** apiVersion/kind → the Java model class ({@code Object}: no Java model; the vendored CRD schema only). */
    static final Map<String, Class<?>> KINDS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class),
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/Pod", Pod.class),
            Map.entry("postgresql.cnpg.io/v1/Cluster", Object.class),
            Map.entry("postgresql.cnpg.io/v1/Database", Object.class),
            Map.entry("postgresql.cnpg.io/v1/ScheduledBackup", Object.class),
            Map.entry("postgresql.cnpg.io/v1/Backup", Object.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", Object.class),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", Object.class),
            Map.entry("barmancloud.cnpg.io/v1/ObjectStore", Object.class));

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private Schemas() {
    }

    /** The problems found in one rendered object; empty when it is a well-formed object of a known kind. */
    static List<String> problems(Map<String, Object> object) {
        List<String> problems = new ArrayList<>();
        String apiVersion = Manifests.str(object, "apiVersion");
        String kind = Manifests.str(object, "kind");
        String name = Manifests.str(object, "metadata", "name");
        String id = apiVersion + "/" + kind + " " + name;
        if (apiVersion == null || kind == null) {
            return List.of("an object without apiVersion or kind: " + object);
        }
        if (name == null || !name.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
            problems.add(id + ": metadata.name is missing or not a DNS subdomain name");
        }
        Class<?> model = KINDS.get(apiVersion + "/" + kind);
        if (model == null) {
            problems.add(id + ": not a kind deploy/ may contain (known: " + KINDS.keySet() + ")");
            return problems;
        }
        SchemaCatalog.validate(object).forEach(error -> problems.add(id + ": schema: " + error));
        if (model == Object.class) {
            return problems;
        }
        Object parsed;
        try {
            parsed = JSON.convertValue(object, model);
        } catch (IllegalArgumentException e) {
            problems.add(id + ": does not parse as " + model.getName() + ": " + e.getMessage());
            return problems;
        }
        problems.addAll(apiVersionProblems(id, apiVersion, model));
        unknownFields(parsed, kind, problems, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return problems;
    }

    /** Built-in kinds have one apiVersion; Strimzi's kinds list the versions they serve in {@code VERSIONS}. */
    @SuppressWarnings("unchecked")
    private static List<String> apiVersionProblems(String id, String apiVersion, Class<?> model) {
        String group = HasMetadata.getGroup((Class<? extends HasMetadata>) model);
        List<String> versions;
        try {
            versions = (List<String>) model.getField("VERSIONS").get(null);
        } catch (ReflectiveOperationException e) {
            versions = List.of(HasMetadata.getVersion((Class<? extends HasMetadata>) model));
        }
        for (String version : versions) {
            if (apiVersion.equals(group == null || group.isEmpty() ? version : group + "/" + version)) {
                return List.of();
            }
        }
        return List.of(id + ": apiVersion is none of " + group + " " + versions);
    }

    /** Fields the model did not know end up in its {@code additionalProperties}: each one is a mistake. */
    private static void unknownFields(Object node, String path, List<String> problems, Set<Object> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, problems, seen));
            return;
        }
        String pkg = node.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.kubernetes.api.model") && !pkg.startsWith("io.strimzi.api")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (Modifier.isStatic(getter.getModifiers()) || getter.getParameterCount() != 0
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")
                    || getter.getReturnType().isPrimitive() || getter.isBridge()) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown field(s) " + extra.keySet());
                }
                continue;
            }
            String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            unknownFields(value, path + "." + field, problems, seen);
        }
    }
}
