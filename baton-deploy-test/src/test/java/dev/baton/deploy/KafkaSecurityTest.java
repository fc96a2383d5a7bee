package dev.baton.deploy;

import dev.baton.contract.EventTypes;
import dev.baton.contract.Topics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.baton.deploy.Manifests.map;
import static dev.baton.deploy.Manifests.maps;
import static dev.baton.deploy.Manifests.str;
import static org.assertj.core.api.Assertions.assertThat;

/** Kafka is closed: TLS and SCRAM on every listener, simple authorization, and per-service users with narrow ACLs. */
class KafkaSecurityTest {

    static List<String> overlays() {
        return Repo.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyListenerIsTlsWithAuthenticationAndEveryRequestIsAuthorized(String overlay) {
        Map<String, Object> kafka = Kustomize.overlay(overlay).get("Kafka", "baton");
        List<Map<String, Object>> listeners = maps(kafka, "spec", "kafka", "listeners");
        assertThat(listeners).isNotEmpty().allSatisfy(l -> {
            assertThat(str(l, "tls")).as(overlay + ": listener " + l.get("name") + " encrypts").isEqualTo("true");
            assertThat(str(l, "authentication", "type")).as(overlay + ": listener " + l.get("name") + " authenticates")
                    .isIn("scram-sha-512", "tls");
        });
        assertThat(str(kafka, "spec", "kafka", "authorization", "type")).isEqualTo("simple");
        assertThat(map(kafka, "spec", "entityOperator")).as("the User Operator manages the KafkaUsers")
                .containsKey("userOperator");
    }

    @ParameterizedTest
    @MethodSource("dev.baton.deploy.Cases#overlaysAndServices")
    void theServiceLogsInAsItsOwnKafkaUserAndTrustsTheClusterCa(String overlay, String service) {
        Manifests m = Kustomize.overlay(overlay);
        Map<String, Object> d = m.deployment(service);
        Map<String, String> env = m.environment(d);
        Map<String, Object> user = m.get("KafkaUser", service);
        assertThat(str(user, "metadata", "labels", "strimzi.io/cluster")).isEqualTo("baton");
        assertThat(str(user, "spec", "authentication", "type")).isEqualTo("scram-sha-512");
        assertThat(env).as(overlay + "/" + service)
                .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("KAFKA_SASL_JAAS_CONFIG", "secret:" + service + "/sasl.jaas.config")
                .containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
        assertThat(mountedSecretFile(d, env.get("KAFKA_SSL_TRUSTSTORE_LOCATION")))
                .as(overlay + "/" + service + ": the truststore is the Kafka cluster CA's certificate")
                .isEqualTo("baton-cluster-ca-cert/ca.crt");
        // The ACLs allow no topic creation: the topic operator owns them.
        assertThat(ServiceConfig.of(service).effective("baton.topics.provision", env, "true")).isEqualTo("false");
    }

    @ParameterizedTest
    @MethodSource("dev.baton.deploy.Cases#overlaysAndServices")
    void theAclsAllowWhatTheServiceDoesAndNothingElse(String overlay, String service) {
        Map<String, Object> user = Kustomize.overlay(overlay).get("KafkaUser", service);
        Set<String> read = new TreeSet<>();
        Set<String> write = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        for (Map<String, Object> acl : maps(user, "spec", "authorization", "acls")) {
            assertThat(str(acl, "resource", "patternType")).as(service + ": " + acl).isEqualTo("literal");
            assertThat(str(acl, "resource", "name")).as(service + ": " + acl).isNotEqualTo("*");
            List<?> operations = (List<?>) acl.get("operations");
            assertThat(operations).as(service + ": " + acl).isNotEmpty().allMatch(o -> Set.of("Read", "Write", "Describe").contains(o));
            String type = str(acl, "resource", "type");
            String name = str(acl, "resource", "name");
            assertThat(type).as(service + ": " + acl).isIn("topic", "group");
            if (type.equals("group")) {
                groups.add(name);
            } else {
                if (operations.contains("Read")) {
                    read.add(name);
                }
                if (operations.contains("Write")) {
                    write.add(name);
                }
            }
        }
        assertThat(read).as(overlay + "/" + service + ": reads exactly the topics it consumes").isEqualTo(consumed(service));
        assertThat(groups).as(overlay + "/" + service + ": its own consumer group only").containsExactly(service);
        Set<String> publishes = published(service);
        publishes.add(Topics.deadLetter(service));
        assertThat(write).as(overlay + "/" + service + ": writes its events' topics and its dead letters")
                .containsAll(publishes);
        publishes.add(Topics.LIFECYCLE);
        assertThat(write).as(overlay + "/" + service + ": and nothing but those and the lifecycle").isSubsetOf(publishes);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void opsToolsMayReadAndMoveOffsetsButWriteNothing(String overlay) {
        Map<String, Object> ops = Kustomize.overlay(overlay).get("KafkaUser", "baton-ops");
        List<Map<String, Object>> acls = maps(ops, "spec", "authorization", "acls");
        assertThat(acls).isNotEmpty().allSatisfy(acl -> {
            assertThat(String.valueOf(acl.get("operations"))).as(overlay + ": " + acl).isIn("[Read, Describe]", "[Describe, Read]");
            assertThat(str(acl, "resource", "patternType")).isEqualTo("literal");
        });
        Set<String> groups = new TreeSet<>();
        acls.stream().filter(a -> "group".equals(str(a, "resource", "type"))).forEach(a -> groups.add(str(a, "resource", "name")));
        assertThat(groups).as("the services' groups, to replay them, and its own").containsAll(Repo.SERVICES).contains("baton-ops");
    }

    /** The topics of the service's incoming channels (the platform's shared ones and its own). */
    static Set<String> consumed(String service) {
        Set<String> topics = new TreeSet<>();
        ServiceConfig.of(service).properties.forEach((key, value) -> {
            if (key.matches("mp\\.messaging\\.incoming\\.[^.]+\\.topic")) {
                topics.add(value);
            }
        });
        assertThat(topics).as(service + " consumes something").isNotEmpty();
        return topics;
    }

    /** The topics of the event types the service's code publishes (besides lifecycle events, which every one does). */
    static Set<String> published(String service) {
        Set<String> topics = new TreeSet<>();
        Pattern use = Pattern.compile("EventTypes\\.([A-Z_]+)");
        for (Path file : Repo.files(Repo.module(service).resolve("src/main/java"))) {
            Matcher m = use.matcher(Repo.read(file));
            while (m.find()) {
                for (EventTypes type : EventTypes.values()) {
                    if (type.name().equals(m.group(1))) {
                        topics.add(type.topic());
                    }
                }
            }
        }
        return topics;
    }

    /** "secret/key" of the Secret item mounted at a file path of the container, or null. */
    static String mountedSecretFile(Map<String, Object> deployment, String path) {
        for (Map<String, Object> mount : maps(Manifests.container(deployment), "volumeMounts")) {
            String dir = str(mount, "mountPath");
            if (path == null || !path.startsWith(dir + "/")) {
                continue;
            }
            for (Map<String, Object> volume : maps(Manifests.podSpec(deployment), "volumes")) {
                if (mount.get("name").equals(volume.get("name")) && volume.get("secret") != null) {
                    for (Map<String, Object> item : maps(volume, "secret", "items")) {
                        if (path.equals(dir + "/" + str(item, "path"))) {
                            return str(volume, "secret", "secretName") + "/" + str(item, "key");
                        }
                    }
                }
            }
        }
        return null;
    }
}
