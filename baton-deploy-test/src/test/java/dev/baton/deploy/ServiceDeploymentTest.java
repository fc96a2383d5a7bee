package dev.baton.deploy;

import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import static dev.baton.deploy.Manifests.map;
import static dev.baton.deploy.Manifests.maps;
import static dev.baton.deploy.Manifests.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Each service's Deployment against the service's real configuration (application.properties, @ConfigMapping
 * interfaces, Quarkus defaults): ports, probe paths, environment variable names and values, security, resources,
 * graceful shutdown, the JWT key and the team directory.
 */
class ServiceDeploymentTest {

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> overlaysAndServices() {
        return Cases.overlaysAndServices();
    }

    @ParameterizedTest
    @MethodSource("overlaysAndServices")
    void portsAndProbesAreTheServicesOwn(String overlay, String service) {
        Manifests m = Kustomize.overlay(overlay);
        ServiceConfig config = ServiceConfig.of(service);
        Map<String, Object> deployment = m.deployment(service);
        Map<String, Object> container = Manifests.container(deployment);
        Map<String, String> env = m.environment(deployment);

        int contractPort = Integer.parseInt(config.properties.get("quarkus.http.port"));
        int httpPort = Integer.parseInt(config.effective("quarkus.http.port", env, "8080"));
        assertThat(httpPort).as(service + ": the port it listens on is its contract port").isEqualTo(contractPort);
        assertThat(Cases.containerPort(container, "http")).as(service + ": containerPort http").isEqualTo(httpPort);
        Map<String, Object> svc = m.get("Service", service);
        assertThat(maps(svc, "spec", "ports")).as(service + ": Service ports").singleElement().satisfies(p -> {
            assertThat(str(p, "port")).isEqualTo(Integer.toString(contractPort));
            assertThat(Cases.containerPort(container, p.get("targetPort"))).isEqualTo(httpPort);
        });

        boolean management = Boolean.parseBoolean(config.effective("quarkus.management.enabled", env, "false"));
        int probePort = management ? Integer.parseInt(config.effective("quarkus.management.port", env, "9000")) : httpPort;
        String root = management ? config.effective("quarkus.management.root-path", env, "/q")
                : join(config.effective("quarkus.http.root-path", env, "/"),
                config.effective("quarkus.http.non-application-root-path", env, "q"));
        String health = join(root, config.effective("quarkus.smallrye-health.root-path", env, "health"));
        String live = join(health, config.effective("quarkus.smallrye-health.liveness-path", env, "live"));
        String ready = join(health, config.effective("quarkus.smallrye-health.readiness-path", env, "ready"));
        String started = join(health, config.effective("quarkus.smallrye-health.startup-path", env, "started"));
        String metrics = join(root, config.effective("quarkus.micrometer.export.prometheus.path", env, "metrics"));
        assertThat(live).isEqualTo("/q/health/live");
        assertThat(ready).isEqualTo("/q/health/ready");
        // Probes and scrapes go to the management interface, which the API Service does not expose.
        assertThat(management).as(service + ": quarkus.management.enabled").isTrue();
        assertThat(probePort).as(service + ": management port").isEqualTo(9000).isNotEqualTo(httpPort);
        assertThat(container.get("startupProbe")).as(service + ": startupProbe").isNotNull();
        assertThat(str(map(container, "startupProbe", "httpGet"), "path")).isEqualTo(started);

        assertProbe(service, "livenessProbe", container, Set.of(live), probePort);
        assertProbe(service, "readinessProbe", container, Set.of(ready), probePort);
        if (container.get("startupProbe") != null) {
            assertProbe(service, "startupProbe", container, Set.of(live, started), probePort);
        }
        Map<String, String> annotations = Manifests.strings(map(deployment, "spec", "template", "metadata", "annotations"));
        if (annotations.containsKey("prometheus.io/path")) {
            assertThat(annotations.get("prometheus.io/path")).as(service + ": metrics path").isEqualTo(metrics);
            assertThat(annotations.get("prometheus.io/port")).isEqualTo(Integer.toString(probePort));
        }
    }

    private static void assertProbe(String service, String probe, Map<String, Object> container, Set<String> paths,
                                    int port) {
        Map<String, Object> get = map(container, probe, "httpGet");
        assertThat(get).as(service + ": " + probe + " is an HTTP GET").isNotEmpty();
        assertThat(str(get, "path")).as(service + ": " + probe + " path").isIn(paths);
        assertThat(Cases.containerPort(container, get.get("port"))).as(service + ": " + probe + " port").isEqualTo(port);
    }

    private static String join(String base, String path) {
        if (path.startsWith("/")) {
            return path;
        }
        return (base.endsWith("/") ? base : base + "/") + path;
    }

    @ParameterizedTest
    @MethodSource("overlaysAndServices")
    void everyEnvironmentVariableIsOneTheServiceReads(String overlay, String service) {
        Manifests m = Kustomize.overlay(overlay);
        ServiceConfig config = ServiceConfig.of(service);
        Map<String, String> env = m.environment(m.deployment(service));
        Set<String> unknown = new TreeSet<>();
        for (String name : env.keySet()) {
            if (config.reads(name).isEmpty()) {
                unknown.add(name);
            }
        }
        assertThat(unknown).as(overlay + "/" + service + ": variables the service does not read (typo, or a setting "
                + "that was renamed in application.properties or a @ConfigMapping)").isEmpty();
        assertThat(env).as(service + ": the settings ops must be able to see and change")
                .containsKeys("KAFKA_BOOTSTRAP_SERVERS", "BATON_DB_HOST", "BATON_DB_PORT", "BATON_DB_NAME",
                        "BATON_DB_USER", "BATON_DB_PASSWORD", "MP_JWT_VERIFY_ISSUER", "QUARKUS_SHUTDOWN_TIMEOUT");
    }

    @ParameterizedTest
    @MethodSource("overlaysAndServices")
    void itsSettingsPointAtTheDeployedKafkaAndItsOwnDatabase(String overlay, String service) {
        Manifests m = Kustomize.overlay(overlay);
        ServiceConfig config = ServiceConfig.of(service);
        Map<String, String> env = m.environment(m.deployment(service));

        // Kafka: every bootstrap address is a Strimzi bootstrap Service of a Kafka here, on a plain listener port.
        String bootstrap = config.effective("kafka.bootstrap.servers", env, null);
        assertThat(bootstrap).isNotBlank();
        for (String address : bootstrap.split(",")) {
            String host = address.substring(0, address.lastIndexOf(':')).trim();
            String port = address.substring(address.lastIndexOf(':') + 1).trim();
            String kafka = host.replaceFirst("\\..*$", "").replaceFirst("-kafka-bootstrap$", "");
            assertThat(host.replaceFirst("\\..*$", "")).as(service + ": " + address).endsWith("-kafka-bootstrap");
            Map<String, Object> cluster = m.get("Kafka", kafka);
            assertThat(maps(cluster, "spec", "kafka", "listeners"))
                    .as(service + ": an internal TLS listener with SCRAM-SHA-512 on port " + port)
                    .anyMatch(l -> port.equals(str(l, "port")) && "true".equals(str(l, "tls"))
                            && "internal".equals(str(l, "type"))
                            && "scram-sha-512".equals(str(l, "authentication", "type")));
        }

        // PostgreSQL: the read-write Service of a CloudNativePG cluster that holds the service's own database.
        String host = config.effective("baton.db.host", env, "localhost");
        assertThat(host).as(service + ": BATON_DB_HOST").endsWith("-rw");
        Map<String, Object> cluster = m.get("Cluster", host.replaceFirst("-rw$", ""));
        assertThat(config.effective("baton.db.port", env, "5432")).isEqualTo("5432");
        String ownDatabase = config.properties.getOrDefault("baton.db.name", config.expressions.get("baton.db.name"));
        assertThat(ownDatabase).as(service + ": its own database, the default in application.properties").isNotBlank();
        assertThat(env.get("BATON_DB_NAME")).as(service + ": BATON_DB_NAME").isEqualTo(ownDatabase);
        Database db = Database.in(m, cluster, ownDatabase)
                .orElseThrow(() -> new AssertionError(service + ": no database " + ownDatabase + " in " + host));
        assertThat(env.get("BATON_DB_USER")).as(service + ": BATON_DB_USER from the owner's Secret")
                .isEqualTo("secret:" + db.secret() + "/username");
        assertThat(env.get("BATON_DB_PASSWORD")).as(service + ": BATON_DB_PASSWORD from the owner's Secret")
                .isEqualTo("secret:" + db.secret() + "/password");
        assertThat(db.owner()).as(service + ": the database is owned by a role of its own name").isEqualTo(ownDatabase);
    }

    @ParameterizedTest
    @MethodSource("overlaysAndServices")
    void everyUrlToALocalNeighbourNamesAServiceOfTheCluster(String overlay, String service) {
        // Cases.httpCalls fails for a localhost URL left as it is, or one that names no Service here.
        for (Cases.Call call : Cases.httpCalls(Kustomize.overlay(overlay), service)) {
            assertThat(call.targetPort()).as(service + ": " + call.url()).isPositive();
        }
    }

    @ParameterizedTest
    @MethodSource("overlaysAndServices")
    void theOpenApiDocumentNamesTheServiceItselfNotLocalhost(String overlay, String service) {
        Manifests m = Kustomize.overlay(overlay);
        String servers = m.environment(m.deployment(service)).get("QUARKUS_SMALLRYE_OPENAPI_SERVERS");
        assertThat(servers).as(service + ": QUARKUS_SMALLRYE_OPENAPI_SERVERS").isNotNull().doesNotContain("localhost");
        java.net.URI url = java.net.URI.create(servers);
        assertThat(m.find("Service", url.getHost())).as(service + ": Service " + url.getHost()).isPresent();
        Map<String, Object> svc = m.get("Service", url.getHost());
        assertThat(maps(svc, "spec", "ports")).as(service + ": port " + url.getPort())
                .anyMatch(p -> Integer.toString(url.getPort()).equals(str(p, "port")));
        assertThat(Manifests.selects(map(svc, "spec", "selector"), Manifests.podLabels(m.deployment(service))))
                .as(service + ": the Service selects the service's own pods").isTrue();
    }

    /** A database of a CloudNativePG cluster: its owner role and the Secret with that role's name and password. */
    record Database(String name, String owner, String secret) {
        static Optional<Database> in(Manifests m, Map<String, Object> cluster, String name) {
            String clusterName = str(cluster, "metadata", "name");
            Map<String, Object> initdb = map(cluster, "spec", "bootstrap", "initdb");
            String owner = null;
            if (name.equals(str(initdb, "database"))) {
                owner = str(initdb, "owner");
                if (str(initdb, "secret", "name") != null) {
                    return Optional.of(new Database(name, owner, str(initdb, "secret", "name")));
                }
            }
            for (Map<String, Object> d : m.kind("Database")) {
                if (clusterName.equals(str(d, "spec", "cluster", "name")) && name.equals(str(d, "spec", "name"))
                        && !"absent".equals(str(d, "spec", "ensure"))) {
                    owner = str(d, "spec", "owner");
                }
            }
            for (Map<String, Object> role : maps(cluster, "spec", "managed", "roles")) {
                if (owner != null && owner.equals(str(role, "name")) && !"absent".equals(str(role, "ensure"))) {
                    return Optional.of(new Database(name, owner, str(role, "passwordSecret", "name")));
                }
            }
            return Optional.empty();
        }
    }

    @ParameterizedTest
    @MethodSource("overlaysAndServices")
    void itRunsAsNonRootOnAReadOnlyFileSystemWithRequestsAndLimits(String overlay, String service) {
        Manifests m = Kustomize.overlay(overlay);
        Map<String, Object> deployment = m.deployment(service);
        Map<String, Object> pod = Manifests.podSpec(deployment);
        Map<String, Object> container = Manifests.container(deployment);
        Map<String, Object> podSecurity = map(pod, "securityContext");
        Map<String, Object> security = map(container, "securityContext");

        Object nonRoot = security.getOrDefault("runAsNonRoot", podSecurity.get("runAsNonRoot"));
        assertThat(nonRoot).as(service + ": runAsNonRoot").isEqualTo(Boolean.TRUE);
        Object user = security.getOrDefault("runAsUser", podSecurity.get("runAsUser"));
        assertThat(user).as(service + ": runAsUser").isNotNull();
        assertThat(Long.parseLong(user.toString())).as(service + ": runAsUser").isPositive();
        assertThat(security.get("readOnlyRootFilesystem")).as(service + ": readOnlyRootFilesystem").isEqualTo(Boolean.TRUE);
        assertThat(security.get("allowPrivilegeEscalation")).as(service + ": allowPrivilegeEscalation").isEqualTo(Boolean.FALSE);
        assertThat(Manifests.at(security, "capabilities", "drop")).as(service + ": capabilities").asList().contains("ALL");
        assertThat(str(podSecurity, "seccompProfile", "type")).as(service + ": seccomp").isEqualTo("RuntimeDefault");
        assertThat(pod.get("automountServiceAccountToken")).as(service + ": no API token").isEqualTo(Boolean.FALSE);

        // The only writable place is an emptyDir on /tmp (the JVM's and Vert.x's temporary files).
        String tmpVolume = maps(container, "volumeMounts").stream().filter(v -> "/tmp".equals(v.get("mountPath")))
                .map(v -> (String) v.get("name")).findFirst().orElse(null);
        assertThat(tmpVolume).as(service + ": /tmp is mounted").isNotNull();
        assertThat(maps(pod, "volumes")).anyMatch(v -> tmpVolume.equals(v.get("name")) && v.containsKey("emptyDir"));

        for (String resource : List.of("cpu", "memory")) {
            String request = str(container, "resources", "requests", resource);
            String limit = str(container, "resources", "limits", resource);
            assertThat(request).as(service + ": requests." + resource).isNotNull();
            assertThat(limit).as(service + ": limits." + resource).isNotNull();
            assertThat(Quantity.getAmountInBytes(new Quantity(request)))
                    .as(service + ": " + resource + " request within limit")
                    .isLessThanOrEqualTo(Quantity.getAmountInBytes(new Quantity(limit)));
        }
    }

    @ParameterizedTest
    @MethodSource("overlaysAndServices")
    void itShutsDownGracefullyBeforeTheKubeletKillsIt(String overlay, String service) {
        Manifests m = Kustomize.overlay(overlay);
        ServiceConfig config = ServiceConfig.of(service);
        Map<String, Object> deployment = m.deployment(service);
        Map<String, String> env = m.environment(deployment);
        String timeout = config.effective("quarkus.shutdown.timeout", env, null);
        assertThat(timeout).as(service + ": quarkus.shutdown.timeout (QUARKUS_SHUTDOWN_TIMEOUT) is set").isNotBlank();
        Duration shutdown = ServiceConfig.duration(timeout);
        assertThat(shutdown).as(service + ": long enough for Kafka consumers to commit and leave their group")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(10));
        long preStop = 0;
        List<?> command = (List<?>) Manifests.at(Manifests.container(deployment), "lifecycle", "preStop", "exec", "command");
        if (command != null && command.size() == 2 && "sleep".equals(command.get(0))) {
            preStop = Long.parseLong(command.get(1).toString());
        }
        Object sleep = Manifests.at(Manifests.container(deployment), "lifecycle", "preStop", "sleep", "seconds");
        if (sleep != null) {
            preStop = Long.parseLong(sleep.toString());
        }
        Object grace = Manifests.podSpec(deployment).get("terminationGracePeriodSeconds");
        assertThat(grace).as(service + ": terminationGracePeriodSeconds").isNotNull();
        assertThat(Long.parseLong(grace.toString())).as(service + ": grace period above preStop + shutdown timeout")
                .isGreaterThan(preStop + shutdown.toSeconds());
    }

    @ParameterizedTest
    @MethodSource("overlaysAndServices")
    void theJwtVerificationKeyIsMountedFromASecret(String overlay, String service) {
        Manifests m = Kustomize.overlay(overlay);
        ServiceConfig config = ServiceConfig.of(service);
        Map<String, Object> deployment = m.deployment(service);
        Map<String, String> env = m.environment(deployment);
        String location = config.effective("mp.jwt.verify.publickey.location", env, null);
        assertThat(location).as(service + ": mp.jwt.verify.publickey.location").startsWith("file:");
        Mounted key = Mounted.file(deployment, location.substring("file:".length()));
        assertThat(key.source()).as(service + ": the key comes from a Secret").isEqualTo("secret");
        assertThat(config.effective("mp.jwt.verify.issuer", env, null)).as(service + ": issuer").isNotBlank();
    }

    @ParameterizedTest
    @MethodSource("overlaysAndServices")
    void configFilesAreMountedAndHoldOnlySettingsTheServiceReads(String overlay, String service) throws IOException {
        Manifests m = Kustomize.overlay(overlay);
        ServiceConfig config = ServiceConfig.of(service);
        Map<String, Object> deployment = m.deployment(service);
        Map<String, String> env = m.environment(deployment);

        Properties files = new Properties();
        String locations = config.effective("quarkus.config.locations", env, "");
        for (String location : locations.split(",")) {
            if (location.isBlank()) {
                continue;
            }
            assertThat(location).as(service + ": config location").startsWith("file:");
            Mounted file = Mounted.file(deployment, location.substring("file:".length()));
            assertThat(file.source()).as(service + ": " + location + " comes from a ConfigMap").isEqualTo("configMap");
            String content = str(m.get("ConfigMap", file.name()), "data", file.key());
            assertThat(content).as(service + ": " + location).isNotNull();
            files.load(new StringReader(content));
        }
        List<String> unknown = new ArrayList<>();
        for (String key : files.stringPropertyNames()) {
            if (config.mappingOf(key).isEmpty() && !config.properties.containsKey(key)) {
                unknown.add(key);
            }
        }
        assertThat(unknown).as(service + ": settings in mounted config files that the service does not read").isEmpty();

        // The sales team directory (TeamConfig) is environment data: when the service has it in application.properties
        // (the local demo team), the cluster must provide the real one; the same file to every service that reads it.
        Set<String> needed = new TreeSet<>();
        for (String key : config.properties.keySet()) {
            config.mappingOf(key).filter(p -> "TeamConfig".equals(p.mappingInterface()))
                    .ifPresent(p -> needed.add(p.mapping()));
        }
        for (String prefix : needed) {
            boolean provided = files.stringPropertyNames().stream().anyMatch(k -> k.startsWith(prefix + "."));
            if (!provided) {
                fail(service + ": application.properties has a demo team (" + prefix + ".*) but the Deployment mounts "
                        + "no team file (a ConfigMap file listed in QUARKUS_CONFIG_LOCATIONS)");
            }
        }
    }

    /** Where a file in the container comes from: a Secret or ConfigMap (by name) and the key. */
    record Mounted(String source, String name, String key) {
        static Mounted file(Map<String, Object> deployment, String path) {
            Map<String, Object> container = Manifests.container(deployment);
            for (Map<String, Object> mount : maps(container, "volumeMounts")) {
                String dir = str(mount, "mountPath");
                String prefix = dir.endsWith("/") ? dir : dir + "/";
                if (!path.startsWith(prefix) || mount.get("subPath") != null) {
                    continue;
                }
                String file = path.substring(prefix.length());
                Map<String, Object> volume = maps(Manifests.podSpec(deployment), "volumes").stream()
                        .filter(v -> mount.get("name").equals(v.get("name"))).findFirst().orElseThrow();
                for (String source : List.of("secret", "configMap")) {
                    if (volume.get(source) == null) {
                        continue;
                    }
                    String name = str(volume, source, source.equals("secret") ? "secretName" : "name");
                    List<Map<String, Object>> items = maps(volume, source, "items");
                    if (items.isEmpty()) {
                        return new Mounted(source, name, file);
                    }
                    for (Map<String, Object> item : items) {
                        if (file.equals(str(item, "path"))) {
                            return new Mounted(source, name, str(item, "key"));
                        }
                    }
                }
                throw new AssertionError(str(deployment, "metadata", "name") + ": " + path + " is in " + dir
                        + " but no Secret or ConfigMap item provides it");
            }
            throw new AssertionError(str(deployment, "metadata", "name") + ": nothing is mounted at " + path);
        }
    }
}
