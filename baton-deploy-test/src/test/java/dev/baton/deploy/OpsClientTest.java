package dev.baton.deploy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.baton.deploy.Manifests.map;
import static dev.baton.deploy.Manifests.maps;
import static dev.baton.deploy.Manifests.str;
import static org.assertj.core.api.Assertions.assertThat;

/** deploy/ops: the client pod ops run Kafka's tools in (README, "Replay a topic") can reach and log in to the brokers. */
class OpsClientTest {

    private static final Manifests OPS = Kustomize.render(Repo.DEPLOY.resolve("ops"));

    private static Map<String, Object> pod() {
        return OPS.get("Pod", "baton-kafka-client");
    }

    @Test
    void theListenerAdmitsTheClientAndItsPolicyLetsItReachTheBrokers() {
        Map<String, String> labels = Manifests.strings(map(pod(), "metadata", "labels"));
        for (String overlay : Repo.overlays()) {
            Manifests m = Kustomize.part(overlay, "infrastructure");
            Map<String, Object> kafka = m.kind("Kafka").get(0);
            Map<String, Object> listener = maps(kafka, "spec", "kafka", "listeners").stream()
                    .filter(l -> "9093".equals(str(l, "port"))).findFirst().orElseThrow();
            assertThat(maps(listener, "networkPolicyPeers")).as(overlay + ": the listener admits the ops client")
                    .anyMatch(p -> Manifests.selects(map(p, "podSelector"), labels));
        }
        // The namespace denies all egress: a policy of deploy/ops must allow DNS and the brokers' 9093.
        Map<String, Object> policy = OPS.kind("NetworkPolicy").stream()
                .filter(p -> Manifests.selects(map(p, "spec", "podSelector"), labels)).findFirst().orElseThrow();
        assertThat(Manifests.at(policy, "spec", "policyTypes")).asString().contains("Egress");
        Map<String, Object> infra = Kustomize.part("prod", "infrastructure").kind("KafkaNodePool").get(0);
        Map<String, String> broker = Cases.strimziBrokerPodLabels(str(infra, "metadata", "labels", "strimzi.io/cluster"),
                str(infra, "metadata", "name"));
        assertThat(maps(policy, "spec", "egress")).as("egress to the brokers' listener")
                .anyMatch(rule -> maps(rule, "to").stream().anyMatch(to -> to.get("namespaceSelector") == null
                        && Manifests.selects(map(to, "podSelector"), broker))
                        && maps(rule, "ports").stream().anyMatch(p -> "9093".equals(str(p, "port"))));
        assertThat(maps(policy, "spec", "egress")).as("egress to DNS")
                .anyMatch(rule -> maps(rule, "ports").stream().anyMatch(p -> "53".equals(str(p, "port"))));
        assertThat(maps(policy, "spec", "ingress")).as("nothing connects to the client").isEmpty();
    }

    @Test
    void theClientPassesTheRestrictedPodSecurityStandard() {
        Map<String, Object> spec = map(pod(), "spec");
        assertThat(Manifests.at(spec, "securityContext", "runAsNonRoot")).isEqualTo(true);
        assertThat(str(spec, "securityContext", "seccompProfile", "type")).isEqualTo("RuntimeDefault");
        assertThat(Manifests.at(spec, "hostNetwork")).isNotEqualTo(true);
        List<Map<String, Object>> containers = new ArrayList<>(maps(spec, "containers"));
        containers.addAll(maps(spec, "initContainers"));
        for (Map<String, Object> c : containers) {
            String name = str(c, "name");
            assertThat(Manifests.at(c, "securityContext", "allowPrivilegeEscalation")).as(name).isEqualTo(false);
            assertThat(Manifests.at(c, "securityContext", "capabilities", "drop")).as(name).isEqualTo(List.of("ALL"));
            assertThat(Manifests.at(c, "securityContext", "capabilities", "add")).as(name).isNull();
            assertThat(Manifests.at(c, "securityContext", "privileged")).isNotEqualTo(true);
        }
        assertThat(Manifests.at(spec, "restartPolicy")).as("a one-off pod").isEqualTo("Never");
        assertThat(Manifests.at(spec, "activeDeadlineSeconds")).as("it stops by itself").isNotNull();
    }

    @Test
    void theClientRunsThePinnedStrimziKafkaImageWithTheCaAndTheOpsUser() {
        Map<String, Object> container = maps(pod(), "spec", "containers").get(0);
        String pom = Repo.read(Repo.module("baton-deploy-test").resolve("pom.xml"));
        String strimzi = pom.replaceAll("(?s).*<strimzi-api\\.version>([^<]+)</strimzi-api\\.version>.*", "$1");
        assertThat(str(container, "image")).as("Strimzi's Kafka image of the pinned release, a Kafka 4.x")
                .matches("quay\\.io/strimzi/kafka:" + java.util.regex.Pattern.quote(strimzi) + "-kafka-4\\.\\d+\\.\\d+");

        Manifests prod = Kustomize.part("prod", "infrastructure");
        String kafka = str(prod.kind("Kafka").get(0), "metadata", "name");
        Map<String, String> mounts = new java.util.HashMap<>();
        maps(container, "volumeMounts").forEach(vm -> mounts.put(str(vm, "name"), str(vm, "mountPath")));
        String caPath = null;
        String userPath = null;
        for (Map<String, Object> volume : maps(pod(), "spec", "volumes")) {
            String secret = str(volume, "secret", "secretName");
            List<String> keys = maps(volume, "secret", "items").stream().map(i -> str(i, "key")).toList();
            if ((kafka + "-cluster-ca-cert").equals(secret) && keys.contains("ca.crt")) {
                caPath = mounts.get(str(volume, "name"));
            }
            if (secret != null && prod.find("KafkaUser", secret).isPresent() && keys.contains("sasl.jaas.config")) {
                assertThat(secret).as("ops' own user, not a service's").isEqualTo("baton-ops");
                userPath = mounts.get(str(volume, "name"));
            }
        }
        assertThat(caPath).as("the cluster CA Secret's ca.crt is mounted").isNotNull();
        assertThat(userPath).as("the KafkaUser baton-ops' Secret is mounted").isNotNull();
        String script = String.join(" ", ((List<?>) Manifests.at(container, "args")).stream().map(Object::toString).toList());
        assertThat(script).as("the client settings use the mounted files")
                .contains("ssl.truststore.location=" + caPath + "/ca.crt", userPath + "/sasl.jaas.config");
    }
}
