package dev.baton.deploy;

import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static dev.baton.deploy.Manifests.map;
import static dev.baton.deploy.Manifests.str;
import static org.assertj.core.api.Assertions.assertThat;

/** What makes dev small and prod highly available. */
class OverlaysTest {

    @Test
    void devRunsOneOfEverythingWithSmallResources() {
        Manifests m = Kustomize.overlay("dev");
        for (String service : Repo.SERVICES) {
            Map<String, Object> d = m.deployment(service);
            assertThat(Cases.replicas(d)).as(service).isEqualTo(1);
            Map<String, Object> resources = map(Manifests.container(d), "resources");
            assertThat(bytes(str(resources, "requests", "memory"))).as(service + ": memory request")
                    .isLessThanOrEqualTo(bytes("512Mi"));
            assertThat(bytes(str(resources, "requests", "cpu"))).as(service + ": cpu request")
                    .isLessThanOrEqualTo(bytes("250m"));
        }
        assertThat(TopicsTest.brokers(m, "baton")).isEqualTo(1);
        assertThat(m.get("Cluster", "baton-pg").get("spec")).extracting(s -> ((Map<?, ?>) s).get("instances")).isEqualTo(1);
        assertThat(m.kind("HorizontalPodAutoscaler")).isEmpty();
    }

    @Test
    void prodRunsThreeBrokersThreeDatabaseInstancesAndTwoOrMoreOfEachService() {
        Manifests m = Kustomize.overlay("prod");
        Map<String, Object> kafka = m.get("Kafka", "baton");
        assertThat(TopicsTest.brokers(m, "baton")).as("broker nodes").isEqualTo(3);
        int controllers = m.kind("KafkaNodePool").stream()
                .filter(p -> ((List<?>) Manifests.at(p, "spec", "roles")).contains("controller"))
                .mapToInt(Cases::replicas).sum();
        assertThat(controllers).as("KRaft controllers: an odd quorum of at least 3").isGreaterThanOrEqualTo(3).isOdd();
        Map<String, String> config = Manifests.strings(map(kafka, "spec", "kafka", "config"));
        assertThat(config).containsEntry("default.replication.factor", "3").containsEntry("min.insync.replicas", "2")
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("transaction.state.log.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2");
        for (TopicsTest.Declared topic : TopicsTest.declared(m).values()) {
            assertThat(topic.replicas()).as(topic.name() + " replicas").isEqualTo(3);
            assertThat(topic.configs()).as(topic.name()).containsEntry("min.insync.replicas", "2");
        }
        assertThat(Manifests.at(m.get("Cluster", "baton-pg"), "spec", "instances")).isEqualTo(3);

        for (String service : Repo.SERVICES) {
            Map<String, Object> d = m.deployment(service);
            assertThat(map(d, "spec")).as(service + ": an autoscaled Deployment carries no replicas (every apply "
                    + "would scale it back to them)").doesNotContainKey("replicas");
            Map<String, Object> hpa = m.kind("HorizontalPodAutoscaler").stream()
                    .filter(h -> "Deployment".equals(str(h, "spec", "scaleTargetRef", "kind"))
                            && service.equals(str(h, "spec", "scaleTargetRef", "name")))
                    .findFirst().orElseThrow(() -> new AssertionError(service + ": no HorizontalPodAutoscaler"));
            int min = Integer.parseInt(str(hpa, "spec", "minReplicas"));
            int max = Integer.parseInt(str(hpa, "spec", "maxReplicas"));
            assertThat(min).as(service + " HPA minReplicas").isGreaterThanOrEqualTo(2);
            assertThat(max).as(service + " HPA maxReplicas").isGreaterThan(min);
            assertThat(str(Manifests.container(d), "resources", "requests", "cpu"))
                    .as(service + ": a CPU request, which the HPA's utilisation target needs").isNotNull();
            Map<String, Object> pdb = m.kind("PodDisruptionBudget").stream()
                    .filter(p -> Manifests.selects(map(p, "spec", "selector"), Manifests.podLabels(d)))
                    .findFirst().orElseThrow(() -> new AssertionError(service + ": no PodDisruptionBudget"));
            String minAvailable = str(pdb, "spec", "minAvailable");
            String maxUnavailable = str(pdb, "spec", "maxUnavailable");
            assertThat(str(pdb, "spec", "unhealthyPodEvictionPolicy")).as(service + ": a pod that is not ready never "
                    + "blocks a drain").isEqualTo("AlwaysAllow");
            if (minAvailable != null) {
                assertThat(Integer.parseInt(minAvailable)).as(service + ": a drain can still evict one pod")
                        .isBetween(1, min - 1);
            } else {
                assertThat(Integer.parseInt(maxUnavailable)).as(service + ": maxUnavailable").isBetween(1, min - 1);
            }
        }
    }

    private static BigDecimal bytes(String quantity) {
        return Quantity.getAmountInBytes(new Quantity(quantity));
    }
}
