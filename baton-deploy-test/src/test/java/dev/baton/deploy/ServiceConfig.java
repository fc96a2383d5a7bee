package dev.baton.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service's real configuration, read from the repository as it is now: its {@code application.properties}, the
 * {@code @ConfigMapping} interfaces of its own sources and of the Baton modules it depends on, and the runtime
 * properties of Quarkus core. Answers which environment variables the service reads and what a setting's effective
 * value is once the Deployment's environment is applied on top.
 */
final class ServiceConfig {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^:}]+)(?::([^}]*))?}");
    private static final Map<String, String> QUARKUS_RUNTIME = quarkusRuntimeProperties();
    /**
     * The Kafka settings every client of a service takes (producer, consumer and admin alike: security.protocol,
     * sasl.*, ssl.*), as the environment variables of Quarkus' {@code kafka.*} configuration.
     */
    static final Set<String> KAFKA_CLIENT = kafkaClientSettings();
    /**
     * What the UBI OpenJDK runtime image's run-java.sh reads to build the java command line (JAVA_OPTS_APPEND last;
     * GC_CONTAINER_OPTIONS replaces its default collector), and glibc's malloc arena cap.
     */
    static final Set<String> RUN_JAVA = Set.of("JAVA_OPTS_APPEND", "GC_CONTAINER_OPTIONS", "MALLOC_ARENA_MAX");

    private static Set<String> kafkaClientSettings() {
        Set<String> common = new java.util.TreeSet<>(org.apache.kafka.clients.producer.ProducerConfig.configNames());
        common.retainAll(org.apache.kafka.clients.consumer.ConsumerConfig.configNames());
        common.retainAll(org.apache.kafka.clients.admin.AdminClientConfig.configNames());
        Set<String> out = new java.util.TreeSet<>();
        common.forEach(name -> out.add(envName("kafka." + name)));
        return Collections.unmodifiableSet(out);
    }

    final String service;
    /** application.properties without profile-specific lines ({@code %test.}...), which do not apply in a cluster. */
    final Map<String, String> properties;
    /** Names that application.properties reads through {@code ${name:default}}, with their defaults. */
    final Map<String, String> expressions;
    final List<ConfigMappings.Property> mappings;

    private ServiceConfig(String service) {
        this.service = service;
        // The shared defaults of the Baton modules it depends on (META-INF/microprofile-config.properties, ordinal
        // 100) first, then its own application.properties (ordinal 250), which overrides them.
        Properties raw = new Properties();
        Set<String> modules = batonModules(service, new LinkedHashSet<>());
        try {
            for (String module : modules) {
                Path defaults = Repo.module(module).resolve("src/main/resources/META-INF/microprofile-config.properties");
                if (!module.equals(service) && java.nio.file.Files.isRegularFile(defaults)) {
                    raw.load(new StringReader(Repo.read(defaults)));
                }
            }
            raw.load(new StringReader(Repo.read(Repo.module(service).resolve("src/main/resources/application.properties"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> props = new LinkedHashMap<>();
        Map<String, String> exprs = new LinkedHashMap<>();
        for (String key : raw.stringPropertyNames()) {
            String value = raw.getProperty(key);
            Matcher m = EXPRESSION.matcher(value);
            while (m.find()) {
                exprs.put(m.group(1), m.group(2));
            }
            if (!key.startsWith("%")) {
                props.put(key, value);
            }
        }
        this.properties = Collections.unmodifiableMap(props);
        this.expressions = Collections.unmodifiableMap(exprs);
        List<Path> sources = new ArrayList<>();
        for (String module : modules) {
            sources.add(Repo.module(module).resolve("src/main/java"));
        }
        this.mappings = ConfigMappings.scan(sources);
    }

    private static final Map<String, ServiceConfig> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    static ServiceConfig of(String service) {
        return CACHE.computeIfAbsent(service, ServiceConfig::new);
    }

    /** The module itself and every Baton module it depends on at compile or run time, transitively. */
    static Set<String> batonModules(String module, Set<String> seen) {
        if (!seen.add(module)) {
            return seen;
        }
        String pom = Repo.read(Repo.module(module).resolve("pom.xml"));
        int deps = pom.indexOf("<dependencies>");
        if (deps < 0) {
            return seen;
        }
        Matcher dep = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL)
                .matcher(pom.substring(deps, pom.indexOf("</dependencies>")));
        while (dep.find()) {
            String d = dep.group(1);
            Matcher artifact = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(d);
            if (d.contains("<groupId>dev.baton</groupId>") && !d.contains("<scope>test</scope>") && artifact.find()) {
                batonModules(artifact.group(1).trim(), seen);
            }
        }
        return seen;
    }

    /** The environment variable SmallRye Config maps to a property name. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /**
     * What the service does with an environment variable: the property it sets (a description), or empty when the
     * service reads no such setting.
     */
    Optional<String> reads(String env) {
        for (String key : properties.keySet()) {
            if (envName(key).equals(env)) {
                return Optional.of(key + " (application.properties)");
            }
        }
        for (String key : expressions.keySet()) {
            if (envName(key).equals(env)) {
                return Optional.of(key + " (an expression in application.properties)");
            }
        }
        for (ConfigMappings.Property p : mappings) {
            if (p.envPattern().matcher(env).matches()) {
                return Optional.of(p.name() + " (@ConfigMapping " + p.mapping() + ")");
            }
        }
        String phase = QUARKUS_RUNTIME.get(env);
        if ("RUN_TIME".equals(phase)) {
            return Optional.of(env + " (a Quarkus runtime property)");
        }
        if (KAFKA_CLIENT.contains(env)) {
            return Optional.of(env + " (a Kafka client setting, kafka.* in Quarkus' configuration)");
        }
        String base = properties.getOrDefault("quarkus.jib.base-jvm-image", "");
        if (base.startsWith("registry.access.redhat.com/ubi9/openjdk-") && RUN_JAVA.contains(env)) {
            return Optional.of(env + " (read by the base image's run-java.sh or by glibc)");
        }
        return Optional.empty();
    }

    /** Whether a property name (as written in a properties file) is one the service reads. */
    Optional<ConfigMappings.Property> mappingOf(String property) {
        return mappings.stream().filter(p -> p.propertyPattern().matcher(property).matches()).findFirst();
    }

    /**
     * A setting's effective value in the cluster: the container environment first, then application.properties (its
     * expressions resolved against the environment), then the given default.
     */
    String effective(String property, Map<String, String> env, String defaultValue) {
        String fromEnv = env.get(envName(property));
        if (fromEnv != null) {
            return fromEnv;
        }
        String value = properties.get(property);
        if (value == null) {
            return defaultValue;
        }
        Matcher m = EXPRESSION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String fromEnvironment = env.get(envName(m.group(1)));
            String replacement = fromEnvironment != null ? fromEnvironment
                    : properties.getOrDefault(m.group(1), m.group(2) == null ? "" : m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Quarkus' duration syntax: a number is seconds, a number with ms/s/m/h/d a short form, else ISO-8601. */
    static Duration duration(String value) {
        String v = value.trim();
        if (v.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        if (v.matches("\\d+ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.matches("\\d+[dD]")) {
            return Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        if (v.matches("\\d+(\\.\\d+)?[sSmMhH]")) {
            return Duration.parse("PT" + v);
        }
        return Duration.parse(v);
    }

    /** The environment variable names of Quarkus core's configuration with their phase (RUN_TIME, BUILD_TIME...). */
    private static Map<String, String> quarkusRuntimeProperties() {
        Map<String, String> out = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        try {
            Enumeration<URL> models = ServiceConfig.class.getClassLoader()
                    .getResources("META-INF/quarkus-config-doc/quarkus-config-model.json");
            while (models.hasMoreElements()) {
                try (InputStream in = models.nextElement().openStream()) {
                    collect(json.readTree(in), out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.isEmpty()) {
            throw new AssertionError("Quarkus' configuration model (quarkus-core) is not on the test class path");
        }
        return out;
    }

    private static void collect(JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            JsonNode env = node.path("path").path("environmentVariable");
            if (env.isTextual() && node.path("phase").isTextual()) {
                out.put(env.asText(), node.path("phase").asText());
            }
            node.forEach(child -> collect(child, out));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, out));
        }
    }
}
