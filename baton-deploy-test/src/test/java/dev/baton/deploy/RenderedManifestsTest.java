package dev.baton.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.baton.deploy.Manifests.map;
import static dev.baton.deploy.Manifests.maps;
import static dev.baton.deploy.Manifests.str;
import static org.assertj.core.api.Assertions.assertThat;

/** Every overlay renders with kustomize into well-formed objects of known kinds whose references all resolve. */
class RenderedManifestsTest {

    static List<String> overlays() {
        return Repo.overlays();
    }

    @Test
    void theDevAndProdOverlaysExist() {
        assertThat(Repo.overlays()).contains("dev", "prod");
        assertThat(Repo.BASE_APPS.resolve("kustomization.yaml")).isRegularFile();
        assertThat(Repo.BASE_INFRASTRUCTURE.resolve("kustomization.yaml")).isRegularFile();
    }

    @Test
    void theRendererIsARealKustomize() {
        assertThat(Kustomize.kubectl()).isExecutable();
        // The bases render too (they are what every overlay builds on).
        assertThat(Kustomize.render(Repo.BASE_APPS).objects).isNotEmpty();
        assertThat(Kustomize.render(Repo.BASE_INFRASTRUCTURE).objects).isNotEmpty();
    }

    /** Every kustomization under deploy/ (overlays, bases, monitoring, ops, restore...): the files ops apply. */
    static List<java.nio.file.Path> kustomizations() {
        return Repo.files(Repo.DEPLOY).stream().filter(f -> f.getFileName().toString().equals("kustomization.yaml"))
                .map(java.nio.file.Path::getParent).toList();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyKustomizationRendersIntoValidObjects(java.nio.file.Path dir) {
        List<String> problems = new ArrayList<>();
        Kustomize.render(dir).objects.forEach(o -> problems.addAll(Schemas.problems(o)));
        assertThat(problems).as(Repo.DEPLOY.relativize(dir).toString()).isEmpty();
    }

    @Test
    void theKustomizationsIncludeTheOptionalOnes() {
        assertThat(kustomizations()).contains(Repo.DEPLOY.resolve("monitoring"), Repo.DEPLOY.resolve("ops"),
                Repo.DEPLOY.resolve("restore"));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectIsAWellFormedObjectOfAKnownKind(String overlay) {
        Manifests m = Kustomize.overlay(overlay);
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> object : m.objects) {
            problems.addAll(Schemas.problems(object));
        }
        assertThat(problems).as(overlay).isEmpty();
        Set<String> kinds = m.objects.stream().map(o -> (String) o.get("kind")).collect(Collectors.toSet());
        assertThat(kinds).as("what the issue asks for in every overlay")
                .contains("Deployment", "Service", "ConfigMap", "ServiceAccount", "NetworkPolicy", "Kafka",
                        "KafkaNodePool", "KafkaTopic", "KafkaUser", "Cluster", "Database", "ObjectStore",
                        "ScheduledBackup", "Namespace");
        for (String service : Repo.SERVICES) {
            for (String kind : List.of("Deployment", "Service", "ServiceAccount", "NetworkPolicy")) {
                assertThat(m.find(kind, service)).as(overlay + ": " + kind + " " + service).isPresent();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyReferenceResolves(String overlay) {
        Manifests m = Kustomize.overlay(overlay);
        List<String> problems = new ArrayList<>();
        List<Map<String, String>> pods = new ArrayList<>();
        for (Map<String, Object> d : m.kind("Deployment")) {
            String name = str(d, "metadata", "name");
            Map<String, String> labels = Manifests.podLabels(d);
            pods.add(labels);
            if (!Manifests.selects(map(d, "spec", "selector"), labels)) {
                problems.add("Deployment " + name + ": selector does not select its own pods");
            }
            Map<String, Object> pod = Manifests.podSpec(d);
            if (m.find("ServiceAccount", str(pod, "serviceAccountName")).isEmpty()) {
                problems.add("Deployment " + name + ": ServiceAccount " + str(pod, "serviceAccountName") + " missing");
            }
            Map<String, Object> container = Manifests.container(d);
            for (Map<String, Object> from : maps(container, "envFrom")) {
                String cm = str(from, "configMapRef", "name");
                if (cm != null && m.find("ConfigMap", cm).isEmpty()) {
                    problems.add("Deployment " + name + ": envFrom ConfigMap " + cm + " missing");
                }
            }
            Set<String> volumes = maps(pod, "volumes").stream().map(v -> (String) v.get("name")).collect(Collectors.toSet());
            for (Map<String, Object> mount : maps(container, "volumeMounts")) {
                if (!volumes.contains((String) mount.get("name"))) {
                    problems.add("Deployment " + name + ": volumeMount " + mount.get("name") + " has no volume");
                }
            }
            for (Map<String, Object> volume : maps(pod, "volumes")) {
                String cm = str(volume, "configMap", "name");
                if (cm != null && m.find("ConfigMap", cm).isEmpty()) {
                    problems.add("Deployment " + name + ": volume ConfigMap " + cm + " missing");
                }
            }
        }
        for (Map<String, Object> s : m.kind("Service")) {
            String name = str(s, "metadata", "name");
            Map<String, Object> selector = map(s, "spec", "selector");
            List<Map<String, Object>> targets = m.kind("Deployment").stream()
                    .filter(d -> Manifests.selects(selector, Manifests.podLabels(d))).toList();
            if (targets.size() != 1) {
                problems.add("Service " + name + ": selects " + targets.size() + " Deployments, not 1");
                continue;
            }
            Map<String, Object> container = Manifests.container(targets.get(0));
            for (Map<String, Object> port : maps(s, "spec", "ports")) {
                String target = str(port, "targetPort");
                boolean found = maps(container, "ports").stream().anyMatch(p ->
                        target.equals(str(p, "name")) || target.equals(str(p, "containerPort")));
                if (!found) {
                    problems.add("Service " + name + ": targetPort " + target + " is no container port");
                }
            }
        }
        for (Map<String, Object> hpa : m.kind("HorizontalPodAutoscaler")) {
            if (m.find(str(hpa, "spec", "scaleTargetRef", "kind"), str(hpa, "spec", "scaleTargetRef", "name")).isEmpty()) {
                problems.add("HorizontalPodAutoscaler " + str(hpa, "metadata", "name") + ": target missing");
            }
        }
        // The operators' pods: a NetworkPolicy may govern them too.
        m.kind("KafkaNodePool").forEach(p -> pods.add(Cases.strimziBrokerPodLabels(
                str(p, "metadata", "labels", "strimzi.io/cluster"), str(p, "metadata", "name"))));
        m.kind("Cluster").forEach(c -> pods.add(Cases.cnpgPodLabels(str(c, "metadata", "name"), "primary")));
        for (String kind : List.of("PodDisruptionBudget", "NetworkPolicy")) {
            for (Map<String, Object> o : m.kind(kind)) {
                Map<String, Object> selector = map(o, "spec", kind.equals("NetworkPolicy") ? "podSelector" : "selector");
                if (kind.equals("NetworkPolicy") && selector.isEmpty()) {
                    continue; // {} selects every pod of the namespace (the default deny)
                }
                if (selector.isEmpty() || pods.stream().noneMatch(labels -> Manifests.selects(selector, labels))) {
                    problems.add(kind + " " + str(o, "metadata", "name") + ": selects no Baton pod");
                }
            }
        }
        for (String kind : List.of("KafkaTopic", "KafkaNodePool", "KafkaUser")) {
            for (Map<String, Object> o : m.kind(kind)) {
                String cluster = str(o, "metadata", "labels", "strimzi.io/cluster");
                if (cluster == null || m.find("Kafka", cluster).isEmpty()) {
                    problems.add(kind + " " + str(o, "metadata", "name") + ": strimzi.io/cluster " + cluster
                            + " is no Kafka here");
                }
            }
        }
        for (String kind : List.of("Database", "ScheduledBackup")) {
            for (Map<String, Object> o : m.kind(kind)) {
                if (m.find("Cluster", str(o, "spec", "cluster", "name")).isEmpty()) {
                    problems.add(kind + " " + str(o, "metadata", "name") + ": cluster missing");
                }
            }
        }
        for (Map<String, Object> cluster : m.kind("Cluster")) {
            for (Map<String, Object> plugin : maps(cluster, "spec", "plugins")) {
                String store = str(plugin, "parameters", "barmanObjectName");
                if (store != null && m.find("ObjectStore", store).isEmpty()) {
                    problems.add("Cluster " + str(cluster, "metadata", "name") + ": ObjectStore " + store + " missing");
                }
            }
        }
        assertThat(problems).as(overlay).isEmpty();
    }
}
