package dev.baton.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.baton.deploy.Manifests.map;
import static dev.baton.deploy.Manifests.str;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container images: each service builds its image with Quarkus' Jib extension (no Docker engine), from a base
 * image that runs as a non-root user, named as the Deployments expect; the README gives the command that builds them.
 * (Building them here would need a registry to pull the base image from, which the build cannot assume.)
 */
class ContainerImageTest {

    static List<String> services() {
        return Repo.SERVICES;
    }

    @ParameterizedTest
    @MethodSource("services")
    void theServiceBuildsItsImageWithJib(String service) {
        String pom = Repo.read(Repo.module(service).resolve("pom.xml"));
        assertThat(pom).as(service + "/pom.xml").containsPattern(
                "<dependency>\\s*<groupId>io\\.quarkus</groupId>\\s*<artifactId>quarkus-container-image-jib</artifactId>\\s*</dependency>");
        assertThat(pom).as(service + ": only one container-image extension (Quarkus refuses several)")
                .doesNotContainPattern("quarkus-container-image-(docker|podman|buildpack|openshift)");

        ServiceConfig config = ServiceConfig.of(service);
        Map<String, String> p = config.properties;
        assertThat(p).as(service + ": image coordinates")
                .containsEntry("quarkus.container-image.group", "baton")
                .containsEntry("quarkus.container-image.name", service);
        assertThat(p.get("quarkus.container-image.build")).as(service + ": a plain build does not build the image "
                + "(it would pull the base image)").isEqualTo("false");
        assertThat(p.get("quarkus.container-image.push")).as(service + ": a plain build pushes nothing").isNotEqualTo("true");
        String base = p.get("quarkus.jib.base-jvm-image");
        assertThat(base).as(service + ": an explicit, pinned base image").isNotBlank().matches(".+:[A-Za-z0-9._-]+$");
        String user = p.get("quarkus.jib.user");
        assertThat(user).as(service + ": the image's user").isNotBlank();
        assertThat(user.split(":")[0]).as(service + ": the image runs as a non-root user").isNotIn("0", "root");
    }

    @ParameterizedTest
    @MethodSource("dev.baton.deploy.Cases#overlaysAndServices")
    void theDeploymentRunsTheImageTheBuildProduces(String overlay, String service) {
        ServiceConfig config = ServiceConfig.of(service);
        Map<String, String> p = config.properties;
        Map<String, Object> deployment = Kustomize.overlay(overlay).deployment(service);
        String image = str(Manifests.container(deployment), "image");
        Matcher m = Pattern.compile("^(?:(?<registry>[^/]+\\.[^/]+|[^/]+:\\d+|localhost)/)?(?<repo>[^:@]+)"
                + "(?::(?<tag>[A-Za-z0-9._-]+))?(?:@(?<digest>sha256:[0-9a-f]{64}))?$").matcher(image);
        assertThat(m.matches()).as(overlay + "/" + service + ": image reference " + image).isTrue();
        String expectedRepo = p.get("quarkus.container-image.group") + "/" + p.get("quarkus.container-image.name");
        assertThat(m.group("repo")).as(overlay + "/" + service + ": image repository").isEqualTo(expectedRepo);
        if (m.group("digest") == null) {
            assertThat(m.group("tag")).as(overlay + "/" + service + ": a pinned image tag").isNotBlank()
                    .isNotEqualTo("latest");
        }
        String user = p.get("quarkus.jib.user").split(":")[0];
        if (user.matches("\\d+")) {
            Object runAs = map(Manifests.container(deployment), "securityContext").getOrDefault("runAsUser",
                    map(Manifests.podSpec(deployment), "securityContext").get("runAsUser"));
            assertThat(String.valueOf(runAs)).as(overlay + "/" + service + ": runAsUser is the image's user").isEqualTo(user);
        }
    }

    /** A release version (1.2.3, no qualifier) or a git SHA: a tag that is never pushed twice. */
    static final Pattern IMMUTABLE_TAG = Pattern.compile("\\d+\\.\\d+\\.\\d+|[0-9a-f]{7,40}");

    @ParameterizedTest
    @MethodSource("dev.baton.deploy.Cases#overlaysAndServices")
    void theImageTagIsImmutable(String overlay, String service) {
        String image = str(Manifests.container(Kustomize.overlay(overlay).deployment(service)), "image");
        if (image.contains("@sha256:")) {
            return;
        }
        String tag = image.substring(image.lastIndexOf(':') + 1);
        assertThat(tag).as(overlay + "/" + service + ": " + image + " has a release version or a git SHA as its tag "
                + "(a -SNAPSHOT or latest is pushed again and again: a rollout could run another build)")
                .matches(IMMUTABLE_TAG);
        String version = Repo.projectVersion(service);
        if (!tag.matches("[0-9a-f]{7,40}")) {
            assertThat(tag).as(overlay + "/" + service + ": the release of the version the build has")
                    .isEqualTo(version.replaceFirst("-SNAPSHOT$", ""));
        }
    }

    @Test
    void theReadmeGivesTheCommandThatBuildsTheImages() {
        String readme = Repo.read(Repo.README);
        Matcher command = Pattern.compile("\\./mvnw[^\\n`]*-Dquarkus\\.container-image\\.build=true[^\\n`]*").matcher(readme);
        assertThat(command.find()).as("deploy/README.md has a ./mvnw ... -Dquarkus.container-image.build=true command").isTrue();
        Matcher modules = Pattern.compile("-pl\\s+(\\S+)").matcher(command.group());
        assertThat(modules.find()).as("the command names the service modules").isTrue();
        assertThat(List.of(modules.group(1).split(","))).containsAll(Repo.SERVICES);
        assertThat(command.group()).as("the command tags the images with an immutable tag")
                .containsPattern("-Dquarkus\\.container-image\\.tag=\\S+");
    }
}
