package dev.baton.deploy;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.baton.deploy.Manifests.map;
import static dev.baton.deploy.Manifests.maps;
import static dev.baton.deploy.Manifests.str;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/monitoring sees what the disk alerts cannot: a kept-forever topic's partition nearing its retention.bytes
 * budget (from the brokers' JMX exporter), and failing WAL archiving or stale base backups (from PostgreSQL's exporter).
 */
class MonitoringTest {

    private static final Manifests MONITORING = Kustomize.render(Repo.DEPLOY.resolve("monitoring"));
    private static final Pattern BUDGET_RULE = Pattern.compile(
            "max by \\(namespace, topic, partition\\) \\((\\w+)\\{namespace=\"([^\"]+)\", topic=\"([^\"]+)\"\\}\\) > "
                    + "(0\\.\\d+) \\* (\\d+)");

    private static List<Map<String, Object>> rules(String prometheusRule) {
        List<Map<String, Object>> rules = new ArrayList<>();
        maps(MONITORING.get("PrometheusRule", prometheusRule), "spec", "groups").forEach(g -> rules.addAll(maps(g, "rules")));
        return rules;
    }

    @Test
    void everyKeptForeverTopicHasAWarningAt60AndACriticalAt85PercentOfItsBudget() {
        List<Map<String, Object>> rules = rules("baton-topic-budget");
        for (String overlay : Repo.overlays()) {
            Manifests m = Kustomize.part(overlay, "infrastructure");
            String namespace = str(m.kind("Namespace").get(0), "metadata", "name");
            List<Map<String, Object>> kept = m.kind("KafkaTopic").stream()
                    .filter(t -> "-1".equals(str(t, "spec", "config", "retention.ms"))).toList();
            assertThat(kept).as(overlay + ": kept-forever topics").isNotEmpty();
            for (Map<String, Object> topic : kept) {
                BigDecimal budget = new BigDecimal(str(topic, "spec", "config", "retention.bytes"));
                Map<String, BigDecimal> fractions = new LinkedHashMap<>();
                for (Map<String, Object> rule : rules) {
                    Matcher expr = BUDGET_RULE.matcher(str(rule, "expr").trim());
                    assertThat(expr.matches()).as(str(rule, "alert") + ": " + str(rule, "expr")).isTrue();
                    assertThat(expr.group(1)).isEqualTo("kafka_log_log_size");
                    if (expr.group(2).equals(namespace) && expr.group(3).equals(str(topic, "spec", "topicName"))) {
                        assertThat(new BigDecimal(expr.group(5))).as(overlay + ": " + expr.group(3) + "'s budget")
                                .isEqualByComparingTo(budget);
                        fractions.put(str(rule, "labels", "severity"), new BigDecimal(expr.group(4)));
                    }
                }
                assertThat(fractions).as(overlay + ": " + str(topic, "spec", "topicName"))
                        .containsOnlyKeys("warning", "critical");
                assertThat(fractions.get("warning")).isEqualByComparingTo("0.60");
                assertThat(fractions.get("critical")).isEqualByComparingTo("0.85");
            }
        }
    }

    /**
     * The brokers export kafka_log_log_size{topic, partition}: the JMX exporter applies the first rule whose pattern
     * matches "domain<bean properties><keys>attribute: value" (the pattern unanchored), as jmx_exporter does.
     */
    @Test
    void theBrokersExporterTurnsTheLogSizeMBeanIntoTheMetricTheAlertsUse() throws IOException {
        Manifests prod = Kustomize.part("prod", "infrastructure");
        Map<String, Object> metrics = map(prod.kind("Kafka").get(0), "spec", "kafka", "metricsConfig");
        assertThat(str(metrics, "type")).isEqualTo("jmxPrometheusExporter");
        Map<String, Object> configMap = prod.get("ConfigMap", str(metrics, "valueFrom", "configMapKeyRef", "name"));
        Map<String, Object> config = new YAMLMapper().readValue(
                str(configMap, "data", str(metrics, "valueFrom", "configMapKeyRef", "key")), Map.class);
        String topic = "lead.lifecycle.v1";
        String bean = "kafka.log<type=Log, name=Size, topic=" + topic + ", partition=2><>Value: 1024";
        Map<String, Object> rule = null;
        Matcher match = null;
        for (Map<String, Object> r : maps(config, "rules")) {
            Matcher m = Pattern.compile("^.*(?:" + str(r, "pattern") + ").*$").matcher(bean);
            if (m.matches()) {
                rule = r;
                match = m;
                break;
            }
        }
        assertThat(rule).as("a rule matches the Log Size MBean").isNotNull();
        String name = match.replaceAll(str(rule, "name"));
        if (Boolean.TRUE.equals(config.get("lowercaseOutputName"))) {
            name = name.toLowerCase(java.util.Locale.ROOT);
        }
        assertThat(name).isEqualTo("kafka_log_log_size");
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, Object> label : map(rule, "labels").entrySet()) {
            Matcher m = Pattern.compile("^.*(?:" + str(rule, "pattern") + ").*$").matcher(bean);
            m.matches();
            labels.put(m.replaceAll(label.getKey()), m.replaceAll(label.getValue().toString()));
        }
        assertThat(labels).containsEntry("topic", topic).containsEntry("partition", "2");
        assertThat(str(rule, "type")).isEqualTo("GAUGE");
    }

    @Test
    void prometheusScrapesTheBrokersAndThePostgresInstances() {
        for (String overlay : Repo.overlays()) {
            Manifests m = Kustomize.part(overlay, "infrastructure");
            Map<String, Object> pool = m.kind("KafkaNodePool").get(0);
            Map<String, String> broker = Cases.strimziBrokerPodLabels(str(pool, "metadata", "labels", "strimzi.io/cluster"),
                    str(pool, "metadata", "name"));
            assertThat(endpoints(broker)).as(overlay + ": Strimzi's metrics port").contains("tcp-prometheus");
            Map<String, String> instance = Cases.cnpgPodLabels(str(m.kind("Cluster").get(0), "metadata", "name"), "primary");
            assertThat(endpoints(instance)).as(overlay + ": CloudNativePG's exporter").contains("metrics");
            // The namespace denies all ingress: the PostgreSQL policy must admit the monitoring namespace on 9187.
            Map<String, Object> policy = m.kind("NetworkPolicy").stream()
                    .filter(p -> !map(p, "spec", "podSelector").isEmpty()
                            && Manifests.selects(map(p, "spec", "podSelector"), instance)).findFirst().orElseThrow();
            assertThat(maps(policy, "spec", "ingress")).as(overlay + ": scrapes of 9187 from monitoring")
                    .anyMatch(rule -> maps(rule, "ports").stream().anyMatch(p -> "9187".equals(str(p, "port")))
                            && maps(rule, "from").stream().anyMatch(f -> "monitoring".equals(
                                    str(f, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"))));
        }
    }

    private static List<String> endpoints(Map<String, String> podLabels) {
        List<String> ports = new ArrayList<>();
        MONITORING.kind("PodMonitor").stream().filter(pm -> Manifests.selects(map(pm, "spec", "selector"), podLabels))
                .forEach(pm -> maps(pm, "spec", "podMetricsEndpoints").forEach(e -> ports.add(str(e, "port"))));
        return ports;
    }

    /** The plugin names its metrics after itself (plugin-barman-cloud internal/cnpgi/instance/metrics.go). */
    @Test
    void theBackupAlertsUseThePluginsMetricsAndAllowForTheDailySchedule() {
        Manifests prod = Kustomize.part("prod", "infrastructure");
        String plugin = str(maps(prod.get("Cluster", "baton-pg"), "spec", "plugins").get(0), "name");
        String prefix = plugin.replace('.', '_').replace('-', '_') + "_";
        List<Map<String, Object>> rules = rules("baton-backup");
        Map<String, Object> tooOld = rules.stream().filter(r -> "BatonBaseBackupTooOld".equals(str(r, "alert")))
                .findFirst().orElseThrow();
        Matcher age = Pattern.compile("(?s)time\\(\\) - max by \\(namespace\\) \\((\\w+)\\{[^}]*\\}\\)\\s*> (\\d+) \\* 3600")
                .matcher(str(tooOld, "expr").trim());
        assertThat(age.matches()).as(str(tooOld, "expr")).isTrue();
        assertThat(age.group(1)).isEqualTo(prefix + "last_available_backup_timestamp");
        String schedule = str(prod.get("ScheduledBackup", "baton-pg-daily"), "spec", "schedule");
        assertThat(schedule.split(" ")).as("daily: seconds minutes hours * * *").endsWith("*", "*", "*");
        assertThat(Integer.parseInt(age.group(2))).as("hours: more than the day between backups, with room for one to run")
                .isGreaterThan(24).isLessThan(48);
        assertThat(rules).as("archiving failures alert")
                .anyMatch(r -> str(r, "expr").contains("cnpg_pg_stat_archiver_last_failed_time")
                        && "critical".equals(str(r, "labels", "severity")));
        assertThat(rules).as("failed base backups alert")
                .anyMatch(r -> str(r, "expr").contains(prefix + "last_failed_backup_timestamp"));
        for (Map<String, Object> rule : rules) {
            Matcher pod = Pattern.compile("pod=~\"([^\"]+)\"").matcher(str(rule, "expr"));
            assertThat(pod.find()).as(str(rule, "alert") + " is about Baton's instances").isTrue();
            assertThat("baton-pg-1").matches(pod.group(1));
        }
    }
}
