package dev.baton.journey;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The README's run command as a child process, in an environment like a newcomer's: no KAFKA_, BATON_ or MP_JWT_. */
record LauncherProcess(Process process, Path data, Path output) {

    static LauncherProcess start(String maxHeap, Map<String, String> env, String... args) throws IOException {
        Path data = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "launcher-data-");
        Path output = data.resolveSibling(data.getFileName() + ".out");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + maxHeap, "-XX:+UseSerialGC",
                "-Dbaton.home=" + ServiceProcesses.ROOT,
                "-jar", ServiceProcesses.ROOT.resolve("baton-launcher/target/baton-launcher.jar").toString(),
                "--data", data.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet()
                .removeIf(name -> name.startsWith("KAFKA_") || name.startsWith("BATON_") || name.startsWith("MP_JWT_"));
        builder.environment().putAll(env);
        return new LauncherProcess(builder.start(), data, output);
    }

    String log() throws IOException {
        return Files.readString(output);
    }

    /** Kills whatever is left: the launcher, its services, and the PostgreSQL that pg_ctl daemonized. */
    void destroyAll() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(data.toString())).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
