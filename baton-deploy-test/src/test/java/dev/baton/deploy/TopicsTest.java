package dev.baton.deploy;

import dev.baton.contract.Topics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static dev.baton.deploy.Manifests.map;
import static dev.baton.deploy.Manifests.str;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The KafkaTopic resources are exactly baton-contract's {@link Topics#catalog}, for the partitions, replication factor
 * and min.insync.replicas the services are configured with in that overlay; and every topic the code uses is one.
 */
class TopicsTest {

    static List<String> overlays() {
        return Repo.overlays();
    }

    /** A topic as the manifests declare it. */
    record Declared(String name, int partitions, int replicas, Map<String, String> configs) {
    }

    static Map<String, Declared> declared(Manifests m) {
        Map<String, Declared> out = new TreeMap<>();
        for (Map<String, Object> t : m.kind("KafkaTopic")) {
            String name = str(t, "spec", "topicName") != null ? str(t, "spec", "topicName") : str(t, "metadata", "name");
            Map<String, String> configs = new TreeMap<>(Manifests.strings(map(t, "spec", "config")));
            Declared previous = out.put(name, new Declared(name, Integer.parseInt(str(t, "spec", "partitions")),
                    Integer.parseInt(str(t, "spec", "replicas")), configs));
            assertThat(previous).as(m.name() + ": topic " + name + " declared twice").isNull();
        }
        return out;
    }

    /** The topic settings every service gets (they must agree); fails when one is missing. */
    static int[] topicSettings(Manifests m) {
        int[] agreed = null;
        for (String service : Repo.SERVICES) {
            Map<String, String> env = m.environment(m.deployment(service));
            assertThat(env).as(m.name() + "/" + service + ": topic settings are explicit")
                    .containsKeys("BATON_TOPICS_PARTITIONS", "BATON_TOPICS_REPLICATION_FACTOR",
                            "BATON_TOPICS_MIN_INSYNC_REPLICAS", "BATON_TOPICS_PROVISION");
            assertThat(env.get("BATON_TOPICS_PROVISION"))
                    .as(m.name() + "/" + service + ": Strimzi's topic operator owns the topics, not the services")
                    .isEqualTo("false");
            int[] settings = {Integer.parseInt(env.get("BATON_TOPICS_PARTITIONS")),
                    Integer.parseInt(env.get("BATON_TOPICS_REPLICATION_FACTOR")),
                    Integer.parseInt(env.get("BATON_TOPICS_MIN_INSYNC_REPLICAS"))};
            if (agreed != null) {
                assertThat(settings).as(m.name() + "/" + service + ": same topic settings as the other services")
                        .containsExactly(agreed);
            }
            agreed = settings;
        }
        return agreed;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theKafkaTopicsAreTheContractCatalog(String overlay) {
        Manifests m = Kustomize.overlay(overlay);
        int[] settings = topicSettings(m);
        List<Topics.TopicSpec> catalog = Topics.catalog(settings[0], (short) settings[1], settings[2]);
        Map<String, Declared> declared = declared(m);

        Map<String, Declared> expected = new TreeMap<>();
        for (Topics.TopicSpec spec : catalog) {
            expected.put(spec.name(), new Declared(spec.name(), spec.partitions(), spec.replicationFactor(),
                    new TreeMap<>(spec.configs())));
        }
        assertThat(declared.keySet()).as(overlay + ": topic names").containsExactlyElementsOf(expected.keySet());
        for (String name : expected.keySet()) {
            Declared d = declared.get(name);
            // A kept-forever topic adds its size budget (checked by TopicBudgetTest); everything else is the catalog's.
            if ("-1".equals(expected.get(name).configs().get("retention.ms"))) {
                Map<String, String> configs = new TreeMap<>(d.configs());
                configs.remove("retention.bytes");
                d = new Declared(d.name(), d.partitions(), d.replicas(), configs);
            }
            assertThat(d).as(overlay + ": " + name + " (partitions, replicas, every config)")
                    .isEqualTo(expected.get(name));
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyTopicTheServicesConsumeIsDeclared(String overlay) {
        Map<String, Declared> declared = declared(Kustomize.overlay(overlay));
        Set<String> used = new TreeSet<>();
        for (String service : Repo.SERVICES) {
            ServiceConfig.of(service).properties.forEach((key, value) -> {
                if (key.matches("mp\\.messaging\\.(incoming|outgoing)\\.[^.]+\\.topic")) {
                    used.add(value);
                }
            });
            used.add(Topics.deadLetter(ServiceConfig.of(service).properties.get("baton.service")));
        }
        assertThat(used).as("topics in application.properties").isNotEmpty();
        assertThat(declared.keySet()).as(overlay).containsAll(used);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theBrokersCanHoldEveryReplica(String overlay) {
        Manifests m = Kustomize.overlay(overlay);
        Map<String, Object> kafka = m.kind("Kafka").stream().findFirst().orElseThrow();
        int brokers = brokers(m, str(kafka, "metadata", "name"));
        Map<String, String> config = Manifests.strings(map(kafka, "spec", "kafka", "config"));
        assertThat(config.get("auto.create.topics.enable")).as(overlay + ": no topic is created by accident")
                .isEqualTo("false");
        for (Declared topic : declared(m).values()) {
            int minIsr = Integer.parseInt(topic.configs().get("min.insync.replicas"));
            assertThat(topic.replicas()).as(overlay + ": " + topic.name() + " replicas <= brokers").isLessThanOrEqualTo(brokers);
            assertThat(minIsr).as(overlay + ": " + topic.name() + " min.insync.replicas <= replicas")
                    .isLessThanOrEqualTo(topic.replicas());
            if (topic.replicas() > 1) {
                assertThat(minIsr).as(overlay + ": " + topic.name() + " survives one broker down").isLessThan(topic.replicas());
            }
        }
        for (String internal : List.of("offsets.topic.replication.factor", "transaction.state.log.replication.factor")) {
            assertThat(Integer.parseInt(config.get(internal))).as(overlay + ": " + internal).isLessThanOrEqualTo(brokers);
        }
    }

    static int brokers(Manifests m, String kafka) {
        int brokers = 0;
        for (Map<String, Object> pool : m.kind("KafkaNodePool")) {
            if (kafka.equals(str(pool, "metadata", "labels", "strimzi.io/cluster"))
                    && ((List<?>) Manifests.at(pool, "spec", "roles")).contains("broker")) {
                brokers += Cases.replicas(pool);
            }
        }
        return brokers;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void eachTopicIsKeptByTheStrimziClusterTheServicesUse(String overlay) {
        Manifests m = Kustomize.overlay(overlay);
        Map<String, String> clusters = new LinkedHashMap<>();
        for (String service : Repo.SERVICES) {
            String bootstrap = m.environment(m.deployment(service)).get("KAFKA_BOOTSTRAP_SERVERS");
            clusters.put(service, bootstrap.split(",")[0].replaceFirst("-kafka-bootstrap.*$", ""));
        }
        for (Map<String, Object> topic : m.kind("KafkaTopic")) {
            assertThat(clusters.values()).as(overlay + ": " + str(topic, "metadata", "name"))
                    .containsOnly(str(topic, "metadata", "labels", "strimzi.io/cluster"));
        }
        assertThat(map(m.kind("Kafka").get(0), "spec", "entityOperator")).as("the topic operator runs")
                .containsKey("topicOperator");
    }
}
