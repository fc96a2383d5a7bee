package dev.baton.deploy;

import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.baton.deploy.Manifests.map;
import static dev.baton.deploy.Manifests.str;
import static org.assertj.core.api.Assertions.assertThat;

/** The Deployments run what the benchmark measured, and production runs production's identity provider and team. */
class RuntimeTest {

    private static final BigDecimal MB = BigDecimal.valueOf(1_000_000);

    @ParameterizedTest
    @MethodSource("dev.baton.deploy.Cases#overlaysAndServices")
    void theJvmIsTheOneTheBenchmarkRan(String overlay, String service) {
        Map<String, String> env = Kustomize.overlay(overlay).environment(Kustomize.overlay(overlay).deployment(service));
        List<String> options = Arrays.asList(env.getOrDefault("JAVA_OPTS_APPEND", "").trim().split("\\s+"));
        assertThat(options).as(overlay + "/" + service + ": the launcher's JVM options").containsAll(launcherOptions());
        assertThat(env).as("run-java.sh's own collector (ParallelGC) replaced: two collectors do not start")
                .containsEntry("GC_CONTAINER_OPTIONS", "-XX:+UseG1GC");
    }

    @ParameterizedTest
    @MethodSource("dev.baton.deploy.Cases#overlaysAndServices")
    void memoryRequestsAndLimitsFollowTheMeasuredRss(String overlay, String service) {
        Map<String, Object> resources = map(Manifests.container(Kustomize.overlay(overlay).deployment(service)), "resources");
        BigDecimal request = bytes(str(resources, "requests", "memory"));
        BigDecimal limit = bytes(str(resources, "limits", "memory"));
        BigDecimal[] rss = measuredRss(service);
        assertThat(request).as(overlay + "/" + service + ": request ≥ the RSS once idle (" + rss[0] + " MB)")
                .isGreaterThanOrEqualTo(rss[0].multiply(MB));
        assertThat(limit).as(overlay + "/" + service + ": limit ≥ 1.2 × the peak RSS (" + rss[1] + " MB)")
                .isGreaterThanOrEqualTo(rss[1].multiply(MB).multiply(new BigDecimal("1.2")));
        assertThat(limit).as("and not far above it: the scheduler reserves the request, the node the limit")
                .isLessThanOrEqualTo(rss[1].multiply(MB).multiply(BigDecimal.valueOf(2)));
    }

    @Test
    void productionServesNoSwaggerUiAndTrustsItsOwnIdentityProviderAndTeam() {
        Manifests prod = Kustomize.overlay("prod");
        for (String service : Repo.SERVICES) {
            ServiceConfig config = ServiceConfig.of(service);
            Map<String, String> env = prod.environment(prod.deployment(service));
            assertThat(config.effective("quarkus.swagger-ui.enable", env, "true")).as(service).isEqualTo("false");
            String issuer = config.effective("mp.jwt.verify.issuer", env, "");
            assertThat(issuer).as(service + ": an https issuer, not the local run's")
                    .startsWith("https://").isNotEqualTo(config.properties.get("mp.jwt.verify.issuer"))
                    .isNotEqualTo(Kustomize.overlay("dev").environment(Kustomize.overlay("dev").deployment(service))
                            .get("MP_JWT_VERIFY_ISSUER"));
            assertThat(KafkaSecurityTest.mountedSecretFile(prod.deployment(service),
                    config.effective("mp.jwt.verify.publickey.location", env, "").replaceFirst("^file:", "")))
                    .as(service + ": the identity provider's key, from the Secret ops create").isEqualTo("baton-jwt/public-key.pem");
        }
        String team = str(prod.get("ConfigMap", teamConfigMap(prod)), "data", "team.properties");
        String example = Repo.read(Repo.BASE_APPS.resolve("config/team.properties"));
        assertThat(team).as("production's team directory, not the example's (the local run's demo team)")
                .isNotEqualTo(example).doesNotContain("rep-ada", "manager-barbara");
    }

    private static String teamConfigMap(Manifests m) {
        return Manifests.maps(Manifests.podSpec(m.deployment("handoff-service")), "volumes").stream()
                .filter(v -> "team".equals(v.get("name"))).map(v -> str(v, "configMap", "name")).findFirst().orElseThrow();
    }

    /** The service JVM options baton-launcher starts the benchmarked services with (BatonLauncher.startService). */
    static List<String> launcherOptions() {
        String source = Repo.read(Repo.module("baton-launcher").resolve("src/main/java/dev/baton/launcher/BatonLauncher.java"));
        int start = source.indexOf("private void startService");
        assertThat(start).as("BatonLauncher.startService").isPositive();
        String body = source.substring(start, source.indexOf("ProcessBuilder builder", start));
        List<String> options = new ArrayList<>();
        Matcher heap = Pattern.compile("\"-Xmx\"\\s*\\+\\s*env\\.getOrDefault\\(\"BATON_SERVICE_HEAP\",\\s*\"([^\"]+)\"\\)").matcher(body);
        assertThat(heap.find()).as("the launcher's default heap").isTrue();
        options.add("-Xmx" + heap.group(1));
        Matcher option = Pattern.compile("\"(-X[^\"=]+(?:=[^\"]+)?)\"").matcher(body);
        while (option.find()) {
            if (!option.group(1).matches("-Xmx|-XX:SharedArchiveFile.*|-Xshare.*")) {
                options.add(option.group(1));
            }
        }
        assertThat(options).as("heap and collector").anyMatch(o -> o.startsWith("-XX:+Use") && o.endsWith("GC"));
        return options;
    }

    /** {RSS after the run, peak RSS} in MB of a service, from the benchmark report's memory table. */
    static BigDecimal[] measuredRss(String service) {
        String report = Repo.read(Repo.ROOT.resolve("results/latest/report.md"));
        Matcher row = Pattern.compile("(?m)^\\| " + Pattern.quote(service)
                + " \\| \\*\\*([\\d.,]+)\\*\\* \\| [\\d.,]+ \\| ([\\d.,]+) \\|").matcher(report);
        assertThat(row.find()).as("results/latest/report.md has the memory row of " + service).isTrue();
        return new BigDecimal[]{new BigDecimal(row.group(1).replace(",", "")), new BigDecimal(row.group(2).replace(",", ""))};
    }

    private static BigDecimal bytes(String quantity) {
        return Quantity.getAmountInBytes(new Quantity(quantity));
    }
}
