package dev.baton.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.baton.deploy.Manifests.map;
import static dev.baton.deploy.Manifests.str;
import static org.assertj.core.api.Assertions.assertThat;

/** State and applications are applied apart, into a namespace that denies by default and enforces Pod Security. */
class SeparationTest {

    /** Kinds that hold or define data: never in an apps kustomization. */
    static final Set<String> STATEFUL = Set.of("Namespace", "Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "Cluster",
            "Database", "ObjectStore", "ScheduledBackup", "PersistentVolumeClaim");

    static List<String> overlays() {
        return Repo.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void pruningOrDeletingTheAppsNeverTouchesATopicOrADatabase(String overlay) {
        Manifests apps = Kustomize.part(overlay, "apps");
        Manifests infrastructure = Kustomize.part(overlay, "infrastructure");
        assertThat(apps.objects).as(overlay + "/apps holds no state").noneMatch(o -> STATEFUL.contains(o.get("kind")));
        assertThat(infrastructure.objects).as(overlay + "/infrastructure holds no application")
                .noneMatch(o -> Set.of("Deployment", "HorizontalPodAutoscaler").contains(o.get("kind")));
        for (Map<String, Object> o : infrastructure.objects) {
            if (STATEFUL.contains(o.get("kind"))) {
                assertThat(Manifests.strings(map(o, "metadata", "annotations"))).as(o.get("kind") + " " + str(o, "metadata", "name")
                                + ": GitOps tools never prune or delete it")
                        .containsEntry("argocd.argoproj.io/sync-options", "Prune=false,Delete=false")
                        .containsEntry("kustomize.toolkit.fluxcd.io/prune", "disabled");
            }
        }
        for (Map<String, Object> pool : infrastructure.kind("KafkaNodePool")) {
            for (Object volume : (List<?>) Manifests.at(pool, "spec", "storage", "volumes")) {
                assertThat(str(volume, "deleteClaim")).as("deleting the pool keeps the data").isEqualTo("false");
            }
        }
        infrastructure.kind("Database").forEach(db ->
                assertThat(str(db, "spec", "databaseReclaimPolicy")).isEqualTo("retain"));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theNamespaceEnforcesRestrictedPodSecurityAndDeniesAllTrafficByDefault(String overlay) {
        Manifests m = Kustomize.overlay(overlay);
        List<Map<String, Object>> namespaces = m.kind("Namespace");
        assertThat(namespaces).hasSize(1);
        String name = str(namespaces.get(0), "metadata", "name");
        assertThat(Manifests.strings(map(namespaces.get(0), "metadata", "labels")))
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
                .containsEntry("pod-security.kubernetes.io/enforce-version", "v1.30");
        assertThat(m.objects).as("every namespaced object is in it")
                .filteredOn(o -> !"Namespace".equals(o.get("kind")))
                .allMatch(o -> name.equals(str(o, "metadata", "namespace")));
        assertThat(m.kind("NetworkPolicy")).as(overlay + ": a default deny of every pod's ingress and egress")
                .anyMatch(p -> map(p, "spec", "podSelector").isEmpty()
                        && ((List<?>) Manifests.at(p, "spec", "policyTypes")).containsAll(List.of("Ingress", "Egress"))
                        && Manifests.at(p, "spec", "ingress") == null && Manifests.at(p, "spec", "egress") == null);
    }

    @ParameterizedTest
    @MethodSource("dev.baton.deploy.Cases#overlaysAndServices")
    void theServicePodMeetsTheRestrictedPodSecurityStandard(String overlay, String service) {
        Map<String, Object> d = Kustomize.overlay(overlay).deployment(service);
        Map<String, Object> pod = Manifests.podSpec(d);
        Map<String, Object> container = Manifests.container(d);
        assertThat(str(pod, "securityContext", "seccompProfile", "type")).isEqualTo("RuntimeDefault");
        assertThat(str(pod, "securityContext", "runAsNonRoot")).isEqualTo("true");
        assertThat(str(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo("false");
        assertThat(String.valueOf(Manifests.at(container, "securityContext", "capabilities", "drop"))).isEqualTo("[ALL]");
        assertThat(pod).doesNotContainKeys("hostNetwork", "hostPID", "hostIPC");
        Manifests.maps(pod, "volumes").forEach(v -> assertThat(Set.copyOf(v.keySet())).as("restricted volume types only")
                .isSubsetOf("name", "configMap", "secret", "emptyDir", "projected"));
    }
}
