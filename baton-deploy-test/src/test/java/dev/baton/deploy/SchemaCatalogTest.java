package dev.baton.deploy;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The vendored schemas cover every kind deploy/ may contain, and they are strict: a misspelt field fails. */
class SchemaCatalogTest {

    @Test
    void everyKindDeployMayContainHasAVendoredSchema() {
        assertThat(SchemaCatalog.kinds()).containsAll(Schemas.KINDS.keySet());
        assertThat(Repo.read(SchemaCatalog.root().resolve("README.md")))
                .as("the README names each vendored folder")
                .contains("kubernetes-1.30.10", "strimzi-0.51.0", "cloudnative-pg-1.27.4", "plugin-barman-cloud-0.14.0");
    }

    @Test
    void theStrimziSchemasAreThoseOfThePinnedApiVersion() {
        String pom = Repo.read(Repo.module("baton-deploy-test").resolve("pom.xml"));
        String pinned = pom.replaceAll("(?s).*<strimzi-api\\.version>([^<]+)</strimzi-api\\.version>.*", "$1");
        assertThat(SchemaCatalog.root().resolve("strimzi-" + pinned)).isDirectory();
    }

    @Test
    void aMisspeltCrdFieldIsRefusedWhereTheApiServerWouldPruneIt() {
        Map<String, Object> cluster = cluster(Map.of("instances", 1, "storage", Map.of("size", "1Gi"),
                "backup", Map.of("barmanObjectStor", Map.of())));
        assertThat(SchemaCatalog.validate(cluster)).as("a misspelt field").isNotEmpty();
        assertThat(SchemaCatalog.validate(cluster(Map.of("instances", 1, "storage", Map.of("size", "1Gi")))))
                .as("the same Cluster without it").isEmpty();
        assertThat(SchemaCatalog.validate(cluster(Map.of("instances", "three", "storage", Map.of("size", "1Gi")))))
                .as("a string where the CRD wants an integer").isNotEmpty();
    }

    @Test
    void aMisspeltBuiltInFieldIsRefusedByKubernetesOwnSchema() {
        Map<String, Object> pdb = new LinkedHashMap<>(Map.of("apiVersion", "policy/v1", "kind", "PodDisruptionBudget",
                "metadata", Map.of("name", "x")));
        pdb.put("spec", Map.of("maxUnavailable", 1, "unhealthyPodEvictionPolicy", "AlwaysAllow"));
        assertThat(SchemaCatalog.validate(pdb)).isEmpty();
        pdb.put("spec", Map.of("maxUnavailable", 1, "unhealthyPodEvictionPolicies", "AlwaysAllow"));
        assertThat(SchemaCatalog.validate(pdb)).isNotEmpty();
    }

    private static Map<String, Object> cluster(Map<String, Object> spec) {
        return Map.of("apiVersion", "postgresql.cnpg.io/v1", "kind", "Cluster", "metadata", Map.of("name", "x"),
                "spec", spec);
    }
}
