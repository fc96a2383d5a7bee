package dev.baton.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Where things are in the repository: deploy/, the overlays, the services' sources. */
final class Repo {

    /** The three services, as their Maven modules, Kubernetes names and image names are called. */
    static final List<String> SERVICES = List.of("marketing-service", "handoff-service", "sales-service");

    static final Path ROOT = Path.of(System.getProperty("baton.root", "..")).toAbsolutePath().normalize();
    static final Path DEPLOY = ROOT.resolve("deploy");
    static final Path OVERLAYS = DEPLOY.resolve("overlays");
    static final Path README = DEPLOY.resolve("README.md");
    static final Path BASE_APPS = DEPLOY.resolve("base/apps");
    static final Path BASE_INFRASTRUCTURE = DEPLOY.resolve("base/infrastructure");

    private Repo() {
    }

    /** The two kustomizations of every environment, applied in this order and never together. */
    static final List<String> PARTS = List.of("infrastructure", "apps");

    /**
     * Every environment under deploy/overlays: a directory with an infrastructure and an apps kustomization (each one
     * is rendered and checked).
     */
    static List<String> overlays() {
        try (Stream<Path> dirs = Files.list(OVERLAYS)) {
            return dirs.filter(dir -> PARTS.stream().allMatch(p -> Files.isRegularFile(dir.resolve(p).resolve("kustomization.yaml"))))
                    .map(dir -> dir.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path module(String name) {
        return ROOT.resolve(name);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every regular file under a directory. */
    static List<Path> files(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The version a module is built with: its own {@code <version>}, else its parent's (the image tag defaults to it). */
    static String projectVersion(String module) {
        String pom = read(module(module).resolve("pom.xml"));
        int parentEnd = pom.indexOf("</parent>");
        String parent = parentEnd < 0 ? "" : pom.substring(0, parentEnd);
        String own = parentEnd < 0 ? pom : pom.substring(parentEnd);
        int body = own.indexOf("<dependencies>");
        own = body < 0 ? own : own.substring(0, body);
        Pattern version = Pattern.compile("<version>([^<]+)</version>");
        Matcher ownVersion = version.matcher(own);
        if (ownVersion.find()) {
            return ownVersion.group(1).trim();
        }
        Matcher parentVersion = version.matcher(parent);
        if (parentVersion.find()) {
            return parentVersion.group(1).trim();
        }
        throw new IllegalStateException("no version in " + module + "/pom.xml");
    }
}
