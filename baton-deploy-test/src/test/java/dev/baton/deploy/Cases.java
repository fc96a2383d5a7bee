package dev.baton.deploy;

import org.junit.jupiter.params.provider.Arguments;

import java.util.Map;
import java.util.stream.Stream;

import static dev.baton.deploy.Manifests.map;
import static dev.baton.deploy.Manifests.maps;
import static dev.baton.deploy.Manifests.str;

/** Parameters and small shared look-ups of the tests. */
final class Cases {

    private Cases() {
    }

    /** Every overlay with every service. */
    static Stream<Arguments> overlaysAndServices() {
        return Repo.overlays().stream().flatMap(o -> Repo.SERVICES.stream().map(s -> Arguments.of(o, s)));
    }

    /** A container port number by name or number. */
    static int containerPort(Map<String, Object> container, Object port) {
        String p = String.valueOf(port);
        for (Map<String, Object> cp : maps(container, "ports")) {
            if (p.equals(str(cp, "name")) || p.equals(str(cp, "containerPort"))) {
                return Integer.parseInt(str(cp, "containerPort"));
            }
        }
        if (p.matches("\\d+")) {
            return Integer.parseInt(p);
        }
        throw new AssertionError("no container port named " + p);
    }

    /**
     * The labels of a Strimzi broker pod of a node pool, as the Strimzi cluster operator sets them (strimzi.io/cluster,
     * kind, name, pool-name, broker-role).
     */
    static Map<String, String> strimziBrokerPodLabels(String kafka, String pool) {
        return Map.of("strimzi.io/cluster", kafka, "strimzi.io/kind", "Kafka", "strimzi.io/name", kafka + "-kafka",
                "strimzi.io/pool-name", pool, "strimzi.io/broker-role", "true",
                "strimzi.io/component-type", "kafka");
    }

    /** The labels of a CloudNativePG instance pod (cnpg.io/cluster, cnpg.io/instanceRole and the older role). */
    static Map<String, String> cnpgPodLabels(String cluster, String role) {
        return Map.of("cnpg.io/cluster", cluster, "cnpg.io/instanceRole", role, "role", role,
                "cnpg.io/podRole", "instance");
    }

    /** An HTTP call a service makes to another service of the cluster, from a URL setting. */
    record Call(String property, String url, String service, int port, Map<String, Object> deployment, int targetPort) {
    }

    private static final java.util.regex.Pattern URL =
            java.util.regex.Pattern.compile("^(https?)://([^/:?#]+)(?::(\\d+))?.*$");

    /** URL settings that name where this service is reached, not a service it calls (checked by openApiServers). */
    static final java.util.Set<String> NOT_CALLS = java.util.Set.of("quarkus.smallrye-openapi.servers");

    /**
     * The other services a service calls over HTTP: every setting whose value in application.properties is a URL to
     * localhost (the local run's neighbour) must, in the cluster, name a Service of these manifests on one of its ports.
     */
    static java.util.List<Call> httpCalls(Manifests m, String service) {
        ServiceConfig config = ServiceConfig.of(service);
        Map<String, String> env = m.environment(m.deployment(service));
        java.util.List<Call> calls = new java.util.ArrayList<>();
        for (String property : config.properties.keySet()) {
            if (NOT_CALLS.contains(property)) {
                continue;
            }
            String local = config.effective(property, Map.of(), "");
            java.util.regex.Matcher localUrl = URL.matcher(local);
            if (!localUrl.matches() || !java.util.Set.of("localhost", "127.0.0.1").contains(localUrl.group(2))) {
                continue;
            }
            String url = config.effective(property, env, "");
            java.util.regex.Matcher u = URL.matcher(url);
            if (!u.matches()) {
                throw new AssertionError(service + ": " + property + " is not a URL in the cluster: " + url);
            }
            String host = u.group(2);
            String name = host.split("\\.")[0];
            if (java.util.Set.of("localhost", "127.0.0.1").contains(host) || m.find("Service", name).isEmpty()) {
                throw new AssertionError(service + ": " + property + " = " + url + " must name a Service of deploy/ "
                        + "(set " + ServiceConfig.envName(property) + " or the variable its expression reads)");
            }
            int port = u.group(3) != null ? Integer.parseInt(u.group(3)) : "https".equals(u.group(1)) ? 443 : 80;
            Map<String, Object> svc = m.get("Service", name);
            Map<String, Object> svcPort = maps(svc, "spec", "ports").stream()
                    .filter(p -> Integer.toString(port).equals(str(p, "port"))).findFirst()
                    .orElseThrow(() -> new AssertionError(service + ": " + url + ": Service " + name + " has no port " + port));
            Map<String, Object> target = m.kind("Deployment").stream()
                    .filter(d -> Manifests.selects(map(svc, "spec", "selector"), Manifests.podLabels(d))).findFirst()
                    .orElseThrow(() -> new AssertionError("Service " + name + " selects no Deployment"));
            int targetPort = containerPort(Manifests.container(target), svcPort.getOrDefault("targetPort", port));
            calls.add(new Call(property, url, name, port, target, targetPort));
        }
        return calls;
    }

    static int replicas(Map<String, Object> object) {
        Object r = map(object, "spec").get("replicas");
        return r == null ? 1 : Integer.parseInt(r.toString());
    }
}
