package dev.baton.deploy;

import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static dev.baton.deploy.Manifests.map;
import static dev.baton.deploy.Manifests.maps;
import static dev.baton.deploy.Manifests.str;
import static org.assertj.core.api.Assertions.assertThat;

/** Production survives the loss of a zone; kept-forever topics have a size budget the brokers' disks can hold. */
class ZonesTest {

    static final String ZONE = "topology.kubernetes.io/zone";

    @Test
    void kafkaIsRackAwareAndItsNodesAreInDifferentZones() {
        Manifests m = Kustomize.overlay("prod");
        assertThat(str(m.get("Kafka", "baton"), "spec", "kafka", "rack", "topologyKey")).isEqualTo(ZONE);
        Map<String, Object> pool = m.get("KafkaNodePool", "dual-role");
        assertThat(maps(pool, "spec", "template", "pod", "topologySpreadConstraints"))
                .anyMatch(c -> ZONE.equals(c.get("topologyKey")) && "DoNotSchedule".equals(c.get("whenUnsatisfiable"))
                        && Manifests.selects(map(c, "labelSelector"), Cases.strimziBrokerPodLabels("baton", "dual-role")));
        assertThat(maps(pool, "spec", "template", "pod", "affinity", "podAntiAffinity",
                "requiredDuringSchedulingIgnoredDuringExecution"))
                .as("never two nodes on one host").anyMatch(t -> "kubernetes.io/hostname".equals(t.get("topologyKey")));
    }

    @Test
    void theServicesSpreadOverZonesWithABudgetThatNeverBlocksADrain() {
        Manifests m = Kustomize.overlay("prod");
        for (String service : Repo.SERVICES) {
            Map<String, Object> d = m.deployment(service);
            assertThat(maps(Manifests.podSpec(d), "topologySpreadConstraints")).as(service)
                    .anyMatch(c -> ZONE.equals(c.get("topologyKey")));
        }
        assertThat(m.kind("PodDisruptionBudget")).hasSize(Repo.SERVICES.size())
                .allMatch(p -> "AlwaysAllow".equals(str(p, "spec", "unhealthyPodEvictionPolicy")));
    }

    @ParameterizedTest
    @MethodSource("dev.baton.deploy.RenderedManifestsTest#overlays")
    void everyKeptForeverTopicHasASizeBudgetTheBrokersCanHold(String overlay) {
        Manifests m = Kustomize.overlay(overlay);
        int brokers = TopicsTest.brokers(m, "baton");
        BigDecimal volume = m.kind("KafkaNodePool").stream()
                .flatMap(p -> maps(p, "spec", "storage", "volumes").stream())
                .map(v -> Quantity.getAmountInBytes(new Quantity(str(v, "size")))).reduce(BigDecimal.ZERO, BigDecimal::add)
                .divide(BigDecimal.valueOf(m.kind("KafkaNodePool").size()));
        BigDecimal perBroker = BigDecimal.ZERO;
        for (TopicsTest.Declared t : TopicsTest.declared(m).values()) {
            if (!"-1".equals(t.configs().get("retention.ms"))) {
                continue;
            }
            String budget = t.configs().get("retention.bytes");
            assertThat(budget).as(overlay + ": " + t.name() + " is kept forever: a size budget").isNotNull();
            assertThat(Long.parseLong(budget)).as(t.name()).isPositive();
            // Each broker holds replicas/brokers of every partition.
            perBroker = perBroker.add(new BigDecimal(budget).multiply(BigDecimal.valueOf(t.partitions()))
                    .multiply(BigDecimal.valueOf(t.replicas())).divide(BigDecimal.valueOf(brokers), java.math.RoundingMode.UP));
        }
        assertThat(perBroker).as(overlay + ": the kept-forever topics' budgets take at most half a broker's volume ("
                + volume + " bytes), leaving the rest to the time-limited topics").isLessThanOrEqualTo(volume.divide(BigDecimal.valueOf(2)));
    }
}
