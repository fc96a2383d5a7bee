package dev.baton.deploy;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with the real kustomize built into kubectl ({@code kubectl kustomize DIR}). No kubectl means a
 * failed test, never a skipped one: set {@code KUBECTL} to its path if it is not on the {@code PATH}.
 */
final class Kustomize {

    private static final Map<Path, Manifests> RENDERED = new ConcurrentHashMap<>();
    private static final YAMLMapper YAML = new YAMLMapper();

    private Kustomize() {
    }

    /** Everything an environment runs: its infrastructure and its apps kustomizations, rendered apart and joined. */
    static Manifests overlay(String name) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (String part : Repo.PARTS) {
            objects.addAll(part(name, part).objects);
        }
        return new Manifests(Repo.OVERLAYS.resolve(name), objects);
    }

    /** One of an environment's kustomizations: {@code infrastructure} or {@code apps}. */
    static Manifests part(String overlay, String part) {
        return render(Repo.OVERLAYS.resolve(overlay).resolve(part));
    }

    static Manifests render(Path dir) {
        return RENDERED.computeIfAbsent(dir.toAbsolutePath().normalize(), Kustomize::run);
    }

    static Path kubectl() {
        String configured = System.getenv("KUBECTL");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                throw new AssertionError("KUBECTL=" + configured + " is not an executable file");
            }
            return path;
        }
        Optional<Path> found = Optional.empty();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                found = Optional.of(candidate);
                break;
            }
        }
        return found.orElseThrow(() -> new AssertionError("kubectl is needed to render deploy/ with kustomize "
                + "(`kubectl kustomize`) and was not found on the PATH; install it or set KUBECTL to its path"));
    }

    private static Manifests run(Path dir) {
        try {
            Path err = Files.createTempFile("kustomize", ".err");
            Process process = new ProcessBuilder(kubectl().toString(), "kustomize", dir.toString())
                    .redirectError(err.toFile())
                    .start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + dir + " did not finish in 120 s");
            }
            String errors = Files.readString(err);
            Files.deleteIfExists(err);
            if (process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed (exit " + process.exitValue() + "):\n" + errors);
            }
            return new Manifests(dir, parse(new String(out, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new AssertionError("could not run kubectl kustomize " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Every YAML document as a map; a document that is not a mapping fails. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parse(String yaml) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (MappingIterator<Object> it = YAML.readerFor(Object.class).readValues(yaml)) {
            while (it.hasNext()) {
                Object doc = it.next();
                if (doc == null) {
                    continue;
                }
                if (!(doc instanceof Map)) {
                    throw new AssertionError("a rendered document is not a YAML mapping: " + doc);
                }
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }
}
