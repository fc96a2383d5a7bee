package dev.baton.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.baton.deploy.Manifests.map;
import static dev.baton.deploy.Manifests.maps;
import static dev.baton.deploy.Manifests.str;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No secret value is committed: no Secret object, no generated Secret, no key material, no credential in a ConfigMap or
 * a literal env value. Every Secret the manifests use is one deploy/README.md tells ops to create, with those keys.
 */
class SecretsTest {

    private static final Pattern CREDENTIAL_NAME = Pattern.compile("(?i).*(password|passwd|secret|token|credential|private|api[_-]?key).*");

    @Test
    void noSecretObjectIsRenderedOrCommitted() {
        List<String> problems = new ArrayList<>();
        List<Path> roots = new ArrayList<>();
        roots.add(Repo.BASE_APPS);
        roots.add(Repo.BASE_INFRASTRUCTURE);
        Repo.overlays().forEach(o -> Repo.PARTS.forEach(p -> roots.add(Repo.OVERLAYS.resolve(o).resolve(p))));
        for (Path root : roots) {
            for (Map<String, Object> o : Kustomize.render(root).objects) {
                if ("Secret".equals(o.get("kind"))) {
                    problems.add(root + ": renders Secret " + str(o, "metadata", "name"));
                }
            }
        }
        for (Path file : Repo.files(Repo.DEPLOY)) {
            String text = Repo.read(file);
            String name = Repo.DEPLOY.relativize(file).toString();
            if (Pattern.compile("(?m)^\\s*kind:\\s*Secret\\s*$").matcher(text).find()) {
                problems.add(name + ": a Secret manifest");
            }
            if (Pattern.compile("(?m)^\\s*secretGenerator\\s*:").matcher(text).find()) {
                problems.add(name + ": a secretGenerator (its literals or files would be committed)");
            }
            if (text.contains("-----BEGIN") && !name.equals("README.md")) {
                problems.add(name + ": key material (PEM)");
            }
            if (name.endsWith(".env") || name.endsWith(".properties")) {
                for (String line : text.split("\n")) {
                    String l = line.trim();
                    if (!l.startsWith("#") && l.contains("=")
                            && CREDENTIAL_NAME.matcher(l.substring(0, l.indexOf('='))).matches()) {
                        problems.add(name + ": a credential-like setting: " + l.substring(0, l.indexOf('=')));
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void noCredentialIsALiteralValue() {
        List<String> problems = new ArrayList<>();
        for (String overlay : Repo.overlays()) {
            Manifests m = Kustomize.overlay(overlay);
            for (Map<String, Object> cm : m.kind("ConfigMap")) {
                for (String key : Manifests.strings(map(cm, "data")).keySet()) {
                    if (CREDENTIAL_NAME.matcher(key).matches()) {
                        problems.add(overlay + ": ConfigMap " + str(cm, "metadata", "name") + " has " + key);
                    }
                }
            }
            for (Map<String, Object> d : m.kind("Deployment")) {
                for (Map<String, Object> e : maps(Manifests.container(d), "env")) {
                    if (CREDENTIAL_NAME.matcher(str(e, "name")).matches() && e.get("valueFrom") == null) {
                        problems.add(overlay + ": " + str(d, "metadata", "name") + " sets " + str(e, "name")
                                + " to a literal value");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everySecretInUseIsOneTheReadmeTellsOpsToCreate() {
        Map<String, Set<String>> used = new TreeMap<>();
        Map<String, String> roleSecrets = new TreeMap<>();
        for (String overlay : Repo.overlays()) {
            Manifests m = Kustomize.overlay(overlay);
            for (Map<String, Object> d : m.kind("Deployment")) {
                Map<String, Object> container = Manifests.container(d);
                for (Map<String, Object> e : maps(container, "env")) {
                    Map<String, Object> ref = map(e, "valueFrom", "secretKeyRef");
                    if (!ref.isEmpty()) {
                        used.computeIfAbsent(str(ref, "name"), k -> new TreeSet<>()).add(str(ref, "key"));
                    }
                }
                for (Map<String, Object> v : maps(Manifests.podSpec(d), "volumes")) {
                    Map<String, Object> secret = map(v, "secret");
                    if (!secret.isEmpty()) {
                        Set<String> keys = used.computeIfAbsent(str(secret, "secretName"), k -> new TreeSet<>());
                        List<Map<String, Object>> items = maps(secret, "items");
                        assertThat(items).as(str(d, "metadata", "name") + ": secret volume " + v.get("name")
                                + " lists its items, so that the keys it needs are explicit").isNotEmpty();
                        items.forEach(i -> keys.add(str(i, "key")));
                    }
                }
            }
            for (Map<String, Object> c : m.kind("Cluster")) {
                Map<String, Object> initdb = map(c, "spec", "bootstrap", "initdb");
                if (str(initdb, "secret", "name") != null) {
                    used.computeIfAbsent(str(initdb, "secret", "name"), k -> new TreeSet<>()).addAll(List.of("username", "password"));
                    roleSecrets.put(str(initdb, "secret", "name"), str(initdb, "owner"));
                }
                for (Map<String, Object> role : maps(c, "spec", "managed", "roles")) {
                    String secret = str(role, "passwordSecret", "name");
                    if (secret != null) {
                        used.computeIfAbsent(secret, k -> new TreeSet<>()).addAll(List.of("username", "password"));
                        roleSecrets.put(secret, str(role, "name"));
                    }
                }
            }
        }
        for (String overlay : Repo.overlays()) {
            Manifests m = Kustomize.overlay(overlay);
            for (Map<String, Object> store : m.kind("ObjectStore")) {
                for (Map.Entry<String, Object> ref : map(store, "spec", "configuration", "s3Credentials").entrySet()) {
                    if (ref.getValue() instanceof Map<?, ?> r && r.get("name") != null) {
                        used.computeIfAbsent(String.valueOf(r.get("name")), k -> new TreeSet<>()).add(String.valueOf(r.get("key")));
                    }
                }
            }
            // Secrets the operators write, not ops: Strimzi's cluster CA certificate and each KafkaUser's credentials,
            // CloudNativePG's CA.
            m.kind("Kafka").forEach(k -> used.remove(str(k, "metadata", "name") + "-cluster-ca-cert"));
            m.kind("KafkaUser").forEach(u -> used.remove(str(u, "metadata", "name")));
            m.kind("Cluster").forEach(c -> used.remove(str(c, "metadata", "name") + "-ca"));
        }
        assertThat(used).as("the manifests use Secrets (credentials, the JWT key, the backup store's keys)")
                .containsKeys("baton-jwt", "baton-pg-backup-s3");

        Map<String, ReadmeSecret> documented = readmeSecrets();
        for (Map.Entry<String, Set<String>> secret : used.entrySet()) {
            ReadmeSecret readme = documented.get(secret.getKey());
            assertThat(readme).as("deploy/README.md has a `kubectl create secret` command for " + secret.getKey())
                    .isNotNull();
            assertThat(readme.keys.keySet()).as("keys of " + secret.getKey() + " in deploy/README.md")
                    .containsAll(secret.getValue());
        }
        roleSecrets.forEach((secret, role) -> {
            ReadmeSecret readme = documented.get(secret);
            assertThat(readme.type).as(secret + " is a basic-auth Secret (CloudNativePG requires it)")
                    .isEqualTo("kubernetes.io/basic-auth");
            assertThat(readme.keys.get("username")).as(secret + ": its username is the role " + role).isEqualTo(role);
        });
    }

    /** A Secret as the README creates it: its type and keys (with a literal value where one is given). */
    record ReadmeSecret(String type, Map<String, String> keys) {
    }

    static Map<String, ReadmeSecret> readmeSecrets() {
        String readme = Repo.read(Repo.README).replaceAll("\\\\\\r?\\n\\s*", " ");
        Map<String, ReadmeSecret> out = new LinkedHashMap<>();
        Matcher command = Pattern.compile("kubectl\\s+(?:-n\\s+\\S+\\s+|--namespace[= ]\\S+\\s+)?create\\s+secret\\s+"
                + "(generic|tls)\\s+([a-z0-9.-]+)([^\\n`]*)").matcher(readme);
        while (command.find()) {
            String args = command.group(3);
            Map<String, String> keys = new LinkedHashMap<>();
            Matcher literal = Pattern.compile("--from-literal=([A-Za-z0-9._-]+)=(\"[^\"]*\"|'[^']*'|\\S+)").matcher(args);
            while (literal.find()) {
                keys.put(literal.group(1), literal.group(2));
            }
            Matcher file = Pattern.compile("--from-file=([A-Za-z0-9._-]+)=").matcher(args);
            while (file.find()) {
                keys.put(file.group(1), null);
            }
            if (command.group(1).equals("tls")) {
                keys.put("tls.crt", null);
                keys.put("tls.key", null);
            }
            Matcher type = Pattern.compile("--type[= ](\\S+)").matcher(args);
            out.put(command.group(2), new ReadmeSecret(type.find() ? type.group(1) : "Opaque", keys));
        }
        assertThat(out).as("deploy/README.md creates Secrets with kubectl").isNotEmpty();
        return out;
    }
}
