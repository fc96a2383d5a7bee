package dev.baton.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.baton.deploy.Manifests.map;
import static dev.baton.deploy.Manifests.maps;
import static dev.baton.deploy.Manifests.str;
import static org.assertj.core.api.Assertions.assertThat;

/** PostgreSQL keeps what it acknowledged: backups, a recovery window, synchronous replication, connections, TLS. */
class PostgresTest {

    static final String PLUGIN = "barman-cloud.cloudnative-pg.io";

    static List<String> overlays() {
        return Repo.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void walIsArchivedAndTheClusterBackedUpDailyThroughTheBarmanCloudPlugin(String overlay) {
        Manifests m = Kustomize.overlay(overlay);
        Map<String, Object> cluster = m.get("Cluster", "baton-pg");
        assertThat(map(cluster, "spec")).as("not the deprecated in-tree spec.backup.barmanObjectStore")
                .doesNotContainKey("backup");
        Map<String, Object> plugin = maps(cluster, "spec", "plugins").stream()
                .filter(p -> PLUGIN.equals(p.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no " + PLUGIN + " plugin"));
        assertThat(plugin.get("isWALArchiver")).as("continuous WAL archiving").isEqualTo(true);
        Map<String, Object> store = m.get("ObjectStore", str(plugin, "parameters", "barmanObjectName"));
        assertThat(str(store, "spec", "configuration", "destinationPath")).startsWith("s3://");
        Map<String, Object> backup = m.kind("ScheduledBackup").stream()
                .filter(b -> "baton-pg".equals(str(b, "spec", "cluster", "name"))).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no ScheduledBackup of baton-pg"));
        assertThat(str(backup, "spec", "method")).isEqualTo("plugin");
        assertThat(str(backup, "spec", "pluginConfiguration", "name")).isEqualTo(PLUGIN);
        String[] cron = str(backup, "spec", "schedule").split("\\s+");
        assertThat(cron).as("six fields, seconds first; one run a day").hasSize(6);
        assertThat(List.of(cron[3], cron[4], cron[5])).as("every day").containsOnly("*");
        assertThat(cron[2]).as("at one hour").matches("\\d+");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theRecoveryWindowFitsTheRetentionOfTheTopicsAServiceReplays(String overlay) {
        Manifests m = Kustomize.overlay(overlay);
        Duration window = retention(str(m.get("ObjectStore", "baton-pg-backup"), "spec", "retentionPolicy"));
        // After a restore to T the services replay their topics from T: every consumed topic must still hold T, for
        // the whole window plus the day between base backups, with a week left to notice and act.
        Duration shortest = null;
        for (String service : Repo.SERVICES) {
            for (String topic : KafkaSecurityTest.consumed(service)) {
                TopicsTest.Declared d = TopicsTest.declared(m).get(topic);
                String ms = d.configs().getOrDefault("retention.ms", "-1");
                if (!"-1".equals(ms) && !d.configs().getOrDefault("cleanup.policy", "delete").contains("compact")) {
                    Duration kept = Duration.ofMillis(Long.parseLong(ms));
                    shortest = shortest == null || kept.compareTo(shortest) < 0 ? kept : shortest;
                }
            }
        }
        assertThat(shortest).as("a consumed topic with a time retention (sales.responses.v1)").isNotNull();
        assertThat(window.plusDays(1).plusDays(7)).as(overlay + ": recovery window " + window + " against topic retention "
                + shortest).isLessThanOrEqualTo(shortest);
        assertThat(window).as("at least a week to restore from").isGreaterThanOrEqualTo(Duration.ofDays(7));
    }

    @Test
    void prodCommitsWaitForOneSynchronousStandbyInAnotherZone() {
        Map<String, Object> cluster = Kustomize.overlay("prod").get("Cluster", "baton-pg");
        Map<String, Object> sync = map(cluster, "spec", "postgresql", "synchronous");
        assertThat(sync).containsEntry("method", "any").containsEntry("number", 1).containsEntry("dataDurability", "required");
        assertThat((Integer) Manifests.at(cluster, "spec", "instances")).as("a standby beyond the synchronous one")
                .isGreaterThanOrEqualTo(3);
        assertThat(map(cluster, "spec", "affinity")).containsEntry("enablePodAntiAffinity", true)
                .containsEntry("podAntiAffinityType", "required")
                .containsEntry("topologyKey", "topology.kubernetes.io/zone");
        // dev has a single instance: a synchronous standby it does not have would block every commit.
        assertThat(map(Kustomize.overlay("dev").get("Cluster", "baton-pg"), "spec", "postgresql"))
                .doesNotContainKey("synchronous");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void maxConnectionsHoldsEveryPoolAtTheAutoscalersMaximumDuringARollout(String overlay) {
        Manifests m = Kustomize.overlay(overlay);
        int needed = 0;
        for (String service : Repo.SERVICES) {
            Map<String, Object> d = m.deployment(service);
            Map<String, String> env = m.environment(d);
            ServiceConfig config = ServiceConfig.of(service);
            int perPod = Integer.parseInt(config.effective("quarkus.datasource.reactive.max-size", env, "20"))
                    + Integer.parseInt(config.effective("quarkus.datasource.jdbc.max-size", env, "20"));
            int pods = m.kind("HorizontalPodAutoscaler").stream()
                    .filter(h -> service.equals(str(h, "spec", "scaleTargetRef", "name")))
                    .map(h -> Integer.parseInt(str(h, "spec", "maxReplicas"))).findFirst()
                    .orElse(Cases.replicas(d));
            int surge = Integer.parseInt(String.valueOf(map(d, "spec", "strategy", "rollingUpdate").getOrDefault("maxSurge", 1)));
            needed += (pods + surge) * perPod;
        }
        // CloudNativePG's and ops' sessions, and superuser_reserved_connections (3).
        needed += 20;
        int max = Integer.parseInt(str(m.get("Cluster", "baton-pg"), "spec", "postgresql", "parameters", "max_connections"));
        assertThat(max).as(overlay + ": max_connections for " + needed + " connections").isGreaterThanOrEqualTo(needed);
    }

    @ParameterizedTest
    @MethodSource("dev.baton.deploy.Cases#overlaysAndServices")
    void theServiceConnectsWithTlsAndChecksTheServerCertificate(String overlay, String service) {
        Manifests m = Kustomize.overlay(overlay);
        Map<String, Object> d = m.deployment(service);
        Map<String, String> env = m.environment(d);
        ServiceConfig config = ServiceConfig.of(service);
        assertThat(config.effective("quarkus.datasource.reactive.postgresql.ssl-mode", env, "disable")).isEqualTo("verify-full");
        String ca = config.effective("quarkus.datasource.reactive.trust-certificate-pem.certs", env, null);
        assertThat(KafkaSecurityTest.mountedSecretFile(d, ca)).as("CloudNativePG's CA").isEqualTo("baton-pg-ca/ca.crt");
        String jdbc = config.effective("quarkus.datasource.jdbc.url", env, "");
        assertThat(jdbc).as("Flyway's JDBC connection").contains("sslmode=verify-full", "sslrootcert=" + ca)
                .startsWith("jdbc:postgresql://" + env.get("BATON_DB_HOST") + ":5432/" + env.get("BATON_DB_NAME") + "?");
    }

    static Duration retention(String policy) {
        int n = Integer.parseInt(policy.substring(0, policy.length() - 1));
        return switch (policy.charAt(policy.length() - 1)) {
            case 'd' -> Duration.ofDays(n);
            case 'w' -> Duration.ofDays(7L * n);
            case 'm' -> Duration.ofDays(30L * n);
            default -> throw new AssertionError("retentionPolicy " + policy);
        };
    }
}
