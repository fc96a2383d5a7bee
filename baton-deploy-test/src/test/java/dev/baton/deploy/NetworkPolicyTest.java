package dev.baton.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.baton.deploy.Manifests.map;
import static dev.baton.deploy.Manifests.maps;
import static dev.baton.deploy.Manifests.str;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each service reaches only DNS, the Kafka brokers, the PostgreSQL cluster of its own database (whose pg_hba lets its
 * role into its own database only) and the other services its configuration calls over HTTP, and accepts only its HTTP
 * port. The Kafka listener admits only Baton's services.
 */
class NetworkPolicyTest {

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> overlaysAndServices() {
        return Cases.overlaysAndServices();
    }

    @ParameterizedTest
    @MethodSource("overlaysAndServices")
    void theServiceReachesOnlyDnsKafkaItsOwnDatabaseAndTheServicesItCalls(String overlay, String service) {
        Manifests m = Kustomize.overlay(overlay);
        Map<String, Object> deployment = m.deployment(service);
        Map<String, String> pod = Manifests.podLabels(deployment);
        Map<String, Object> container = Manifests.container(deployment);
        Map<String, String> env = m.environment(deployment);

        List<Map<String, Object>> policies = m.kind("NetworkPolicy").stream()
                .filter(p -> Manifests.selects(map(p, "spec", "podSelector"), pod)).toList();
        assertThat(policies).as(service + ": a NetworkPolicy selects its pods").isNotEmpty();
        Set<String> types = new LinkedHashSet<>();
        for (Map<String, Object> p : policies) {
            ((List<?>) Manifests.at(p, "spec", "policyTypes")).forEach(t -> types.add(t.toString()));
        }
        assertThat(types).as(service + ": both directions are restricted").contains("Ingress", "Egress");

        String kafka = env.get("KAFKA_BOOTSTRAP_SERVERS").split(",")[0].replaceFirst("-kafka-bootstrap.*$", "");
        Set<String> kafkaPorts = new LinkedHashSet<>();
        for (Map<String, Object> listener : maps(m.get("Kafka", kafka), "spec", "kafka", "listeners")) {
            kafkaPorts.add(str(listener, "port"));
        }
        String pgCluster = env.get("BATON_DB_HOST").replaceFirst("-rw$", "");
        List<Map<String, String>> kafkaPods = new ArrayList<>();
        for (Map<String, Object> pool : m.kind("KafkaNodePool")) {
            if (kafka.equals(str(pool, "metadata", "labels", "strimzi.io/cluster"))) {
                kafkaPods.add(Cases.strimziBrokerPodLabels(kafka, str(pool, "metadata", "name")));
            }
        }
        List<Map<String, String>> pgPods = List.of(Cases.cnpgPodLabels(pgCluster, "primary"),
                Cases.cnpgPodLabels(pgCluster, "replica"));

        List<Cases.Call> calls = Cases.httpCalls(m, service);
        Set<String> allowedCalls = new LinkedHashSet<>();

        boolean dns = false;
        boolean toKafka = false;
        boolean toDb = false;
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> policy : policies) {
            for (Map<String, Object> rule : maps(policy, "spec", "egress")) {
                List<Map<String, Object>> to = maps(rule, "to");
                Set<String> ports = new LinkedHashSet<>();
                for (Map<String, Object> port : maps(rule, "ports")) {
                    ports.add(str(port, "port"));
                }
                if (to.isEmpty() || ports.isEmpty()) {
                    problems.add("an egress rule without peers or ports allows everything: " + rule);
                    continue;
                }
                for (Map<String, Object> peer : to) {
                    Map<String, Object> podSelector = map(peer, "podSelector");
                    Map<String, Object> nsSelector = map(peer, "namespaceSelector");
                    if (peer.containsKey("ipBlock") || podSelector.isEmpty()) {
                        problems.add("an egress peer that is not a precise pod selector: " + peer);
                    } else if (!nsSelector.isEmpty()) {
                        boolean kubeDns = "kube-system".equals(str(nsSelector, "matchLabels", "kubernetes.io/metadata.name"))
                                && "kube-dns".equals(str(podSelector, "matchLabels", "k8s-app"));
                        if (kubeDns && Set.of("53").containsAll(ports)) {
                            dns = true;
                        } else {
                            problems.add("egress to another namespace that is not DNS: " + peer + " " + ports);
                        }
                    } else if (calls.stream().anyMatch(c -> Manifests.selects(podSelector, Manifests.podLabels(c.deployment())))) {
                        for (Cases.Call call : calls) {
                            if (Manifests.selects(podSelector, Manifests.podLabels(call.deployment()))) {
                                if (Set.of(Integer.toString(call.targetPort())).containsAll(ports)) {
                                    allowedCalls.add(call.service());
                                } else {
                                    problems.add("egress to " + call.service() + " on ports other than its HTTP port: " + ports);
                                }
                            }
                        }
                    } else if (kafkaPods.stream().anyMatch(l -> Manifests.selects(podSelector, l))
                            && pgPods.stream().noneMatch(l -> Manifests.selects(podSelector, l))) {
                        if (kafkaPorts.containsAll(ports)) {
                            toKafka = true;
                        } else {
                            problems.add("egress to Kafka on ports that are no listener: " + ports);
                        }
                    } else if (pgPods.stream().allMatch(l -> Manifests.selects(podSelector, l))
                            && kafkaPods.stream().noneMatch(l -> Manifests.selects(podSelector, l))) {
                        if (Set.of("5432").containsAll(ports)) {
                            toDb = true;
                        } else {
                            problems.add("egress to PostgreSQL on ports other than 5432: " + ports);
                        }
                    } else {
                        problems.add("egress to pods that are neither Kafka brokers nor the service's own PostgreSQL "
                                + "cluster " + pgCluster + ": " + peer);
                    }
                }
            }
            String httpPort = Integer.toString(Cases.containerPort(container, "http"));
            String managementPort = Integer.toString(Cases.containerPort(container, "management"));
            for (Map<String, Object> rule : maps(policy, "spec", "ingress")) {
                List<Map<String, Object>> ports = maps(rule, "ports");
                if (ports.isEmpty()) {
                    problems.add("an ingress rule without ports opens every port: " + rule);
                }
                for (Map<String, Object> port : ports) {
                    String to = Integer.toString(Cases.containerPort(container, port.get("port")));
                    if (to.equals(managementPort)) {
                        if (!fromMonitoringOnly(rule)) {
                            problems.add("the management port open to more than the monitoring namespace: " + rule);
                        }
                    } else if (!httpPort.equals(to)) {
                        problems.add("ingress on a port other than HTTP " + httpPort + ": " + port);
                    }
                }
            }
        }
        assertThat(problems).as(overlay + "/" + service).isEmpty();
        assertThat(dns).as(service + ": may resolve names").isTrue();
        assertThat(toKafka).as(service + ": may reach the Kafka brokers").isTrue();
        assertThat(toDb).as(service + ": may reach its PostgreSQL cluster").isTrue();
        for (Cases.Call call : calls) {
            assertThat(allowedCalls).as(service + ": may reach " + call.service() + " (" + call.property() + ")")
                    .contains(call.service());
        }
    }

    @ParameterizedTest
    @MethodSource("overlaysAndServices")
    void theKafkaListenerAdmitsTheService(String overlay, String service) {
        Manifests m = Kustomize.overlay(overlay);
        Map<String, Object> deployment = m.deployment(service);
        Map<String, String> env = m.environment(deployment);
        String address = env.get("KAFKA_BOOTSTRAP_SERVERS").split(",")[0];
        String kafka = address.replaceFirst("-kafka-bootstrap.*$", "");
        String port = address.substring(address.lastIndexOf(':') + 1);
        Map<String, Object> listener = maps(m.get("Kafka", kafka), "spec", "kafka", "listeners").stream()
                .filter(l -> port.equals(str(l, "port"))).findFirst().orElseThrow();
        List<Map<String, Object>> peers = maps(listener, "networkPolicyPeers");
        assertThat(peers).as(overlay + ": the listener is not open to every pod").isNotEmpty();
        assertThat(peers).as(overlay + ": the listener admits " + service)
                .anyMatch(p -> Manifests.selects(map(p, "podSelector"), Manifests.podLabels(deployment)));
        assertThat(peers).as(overlay + ": listener peers are pod selectors")
                .allMatch(p -> !map(p, "podSelector").isEmpty() && !p.containsKey("ipBlock"));
    }

    @ParameterizedTest
    @MethodSource("overlaysAndServices")
    void theServiceRoleMayOpenItsOwnDatabaseOnly(String overlay, String service) {
        Manifests m = Kustomize.overlay(overlay);
        Map<String, String> env = m.environment(m.deployment(service));
        Map<String, Object> cluster = m.get("Cluster", env.get("BATON_DB_HOST").replaceFirst("-rw$", ""));
        String own = env.get("BATON_DB_NAME");
        String role = ServiceDeploymentTest.Database.in(m, cluster, own).orElseThrow().owner();
        List<String> hba = new ArrayList<>();
        ((List<?>) java.util.Objects.requireNonNullElse(Manifests.at(cluster, "spec", "postgresql", "pg_hba"),
                List.of())).forEach(l -> hba.add(l.toString()));
        // CloudNativePG's own default rule comes after the user's rules.
        hba.add("host all all all scram-sha-256");
        Set<String> databases = new LinkedHashSet<>(List.of("postgres", "template1"));
        for (String s : Repo.SERVICES) {
            databases.add(m.environment(m.deployment(s)).get("BATON_DB_NAME"));
        }
        for (String db : databases) {
            assertThat(firstMatch(hba, db, role, false)).as(overlay + ": role " + role + " into " + db
                    + " without TLS").isEqualTo("reject");
            String method = firstMatch(hba, db, role, true);
            if (db.equals(own)) {
                assertThat(method).as(overlay + ": role " + role + " into " + db).isNotEqualTo("reject");
            } else {
                assertThat(method).as(overlay + ": role " + role + " must not open database " + db).isEqualTo("reject");
            }
        }
    }

    /** The method of the first pg_hba line that matches a TCP connection (with TLS or not) of a role to a database. */
    private static String firstMatch(List<String> hba, String database, String role, boolean tls) {
        for (String line : hba) {
            String[] f = line.trim().split("\\s+");
            // The services connect over TLS: hostssl and host lines apply to them, hostnossl lines do not.
            boolean applies = f[0].equals("host") || (tls ? f[0].equals("hostssl") : f[0].equals("hostnossl"));
            if (f.length < 5 || !applies) {
                continue;
            }
            if (matches(f[1], database) && matches(f[2], role)) {
                return f[4];
            }
        }
        return "reject";
    }

    private static boolean matches(String field, String value) {
        for (String item : field.split(",")) {
            if (item.equals("all") || item.equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** Health and metrics (the management port) are for scrapes from the monitoring namespace only. */
    private static boolean fromMonitoringOnly(Map<String, Object> rule) {
        List<Map<String, Object>> from = maps(rule, "from");
        return from.size() == 1 && from.get(0).get("podSelector") == null && "monitoring".equals(
                Manifests.strings(map(from.get(0), "namespaceSelector", "matchLabels")).get("kubernetes.io/metadata.name"));
    }
}
