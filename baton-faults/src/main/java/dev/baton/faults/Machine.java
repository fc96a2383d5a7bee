package dev.baton.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the report says about where and on what code it ran. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        return Runtime.getRuntime().availableProcessors() + " cores, "
                + String.format("%.1f GiB", totalMemory() / (1024.0 * 1024 * 1024)) + ", Java " + Runtime.version();
    }

    /** The commit the services were built from (with "+ changes" when the tree differs from it). */
    static String commit(Path home) {
        String head = git(home, "rev-parse", "--short", "HEAD");
        String dirty = git(home, "status", "--porcelain", "--untracked-files=no");
        return head == null ? "an unknown commit" : "commit " + head + (dirty != null && !dirty.isBlank() ? " + uncommitted changes" : "");
    }

    /** When each service was packaged (the jars a run copies and starts). */
    static String packaged(Path home) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (String service : dev.baton.faults.infra.Fleet.SERVICES) {
            try {
                parts.add(service + " " + java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss'Z'")
                        .withZone(java.time.ZoneOffset.UTC).format(Files.getLastModifiedTime(
                                home.resolve(service).resolve("target/quarkus-app/quarkus-run.jar")).toInstant()));
            } catch (IOException e) {
                parts.add(service + " ?");
            }
        }
        return "services packaged at " + String.join(", ", parts);
    }

    private static String git(Path home, String... args) {
        try {
            String[] command = new String[args.length + 3];
            command[0] = "git";
            command[1] = "-C";
            command[2] = home.toString();
            System.arraycopy(args, 0, command, 3, args.length);
            Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static long totalMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // not Linux
        }
        return 0;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
