package dev.baton.deploy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.baton.deploy.Manifests.maps;
import static dev.baton.deploy.Manifests.str;
import static org.assertj.core.api.Assertions.assertThat;

/** deploy/monitoring alerts before a volume that holds Baton's state fills up, and names every such volume. */
class DiskAlertsTest {

    @Test
    void theAlertsAreValidAndCoverEveryKafkaAndPostgresVolume() {
        Manifests monitoring = Kustomize.render(Repo.DEPLOY.resolve("monitoring"));
        List<String> problems = new ArrayList<>();
        monitoring.objects.forEach(o -> SchemaCatalog.validate(o).forEach(problems::add));
        assertThat(problems).isEmpty();
        List<Map<String, Object>> rules = new ArrayList<>();
        maps(monitoring.get("PrometheusRule", "baton-disk"), "spec", "groups")
                .forEach(g -> rules.addAll(maps(g, "rules")));
        assertThat(rules).as("a warning and a critical fill threshold")
                .anyMatch(r -> "warning".equals(str(r, "labels", "severity")))
                .anyMatch(r -> "critical".equals(str(r, "labels", "severity")));

        for (String overlay : Repo.overlays()) {
            Manifests m = Kustomize.overlay(overlay);
            // The PVC names the operators give: Strimzi data-<volume id>-<kafka>-<pool>-<n>, CloudNativePG <cluster>-<n>.
            List<String> claims = new ArrayList<>();
            for (Map<String, Object> pool : m.kind("KafkaNodePool")) {
                String prefix = "data-" + str(maps(pool, "spec", "storage", "volumes").get(0), "id") + "-"
                        + str(pool, "metadata", "labels", "strimzi.io/cluster") + "-" + str(pool, "metadata", "name") + "-";
                for (int n = 0; n < Cases.replicas(pool); n++) {
                    claims.add(prefix + n);
                }
            }
            for (Map<String, Object> cluster : m.kind("Cluster")) {
                claims.add(str(cluster, "metadata", "name") + "-1");
            }
            for (Map<String, Object> rule : rules) {
                Matcher selector = Pattern.compile("persistentvolumeclaim=~\"([^\"]+)\"").matcher(str(rule, "expr"));
                assertThat(selector.find()).as(str(rule, "alert") + " selects the volumes by claim").isTrue();
                Pattern pvc = Pattern.compile(selector.group(1));
                assertThat(claims).as(overlay + ": " + str(rule, "alert") + " watches every state volume")
                        .allMatch(c -> pvc.matcher(c).matches());
            }
        }
    }
}
