package dev.baton.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The system under test, started with Baton's own launcher ({@code baton-launcher.jar --fresh --data DIR}, as
 * {@code ./baton} does) and stopped with SIGTERM. While it starts, each service's time to ready is measured: from its
 * process start (/proc) to its first 200 on {@code /q/health/ready}.
 */
final class BatonRun implements AutoCloseable {

    static final Map<String, Integer> SERVICES = new LinkedHashMap<>();

    static {
        SERVICES.put("marketing-service", 8081);
        SERVICES.put("handoff-service", 8082);
        SERVICES.put("sales-service", 8083);
    }

    /** A service's start: its pid, time to ready as measured here, and Quarkus' own "started in". */
    record Start(String service, long pid, long processStartEpochMs, long readyEpochMs, double readySeconds,
            double quarkusStartedInSeconds) {
    }

    private static final Pattern ALL_READY = Pattern.compile("All services ready in ([\\d.]+) s");
    private static final Pattern STARTED_IN = Pattern.compile("started in ([\\d.]+)s");

    private final Path home;
    private final Path data;
    private final Path log;
    private Process launcher;
    private final Map<String, Start> starts = new ConcurrentHashMap<>();
    private double launcherReadySeconds = Double.NaN;
    private final long launchedAtEpochMs = System.currentTimeMillis();

    BatonRun(Path home, Path runDir) {
        this.home = home;
        this.data = runDir.resolve("data");
        this.log = runDir.resolve("launcher.log");
    }

    Path data() {
        return data;
    }

    long launcherPid() {
        return launcher.pid();
    }

    double launcherReadySeconds() {
        return launcherReadySeconds;
    }

    Map<String, Start> starts() {
        return starts;
    }

    /** Starts the launcher and waits until it says every service is ready; measures each one's time to ready. */
    void start(String launcherHeap, Duration timeout) throws Exception {
        List<String> command = List.of(Procs.javaBinary(), "-Xmx" + launcherHeap, "-XX:+UseSerialGC",
                "-Dbaton.home=" + home, "-jar", home.resolve("baton-launcher/target/baton-launcher.jar").toString(),
                "--fresh", "--data", data.toString());
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // Bench-only opt-in: a --fresh database given WAL segments ahead writes like a warmed one (docs/benchmark.md ⁵).
        builder.environment().putIfAbsent("BATON_PG_WAL_SEGMENTS_AHEAD", "32");
        launcher = builder.start();
        Files.writeString(log.getParent().resolve("launcher.pid"), Long.toString(launcher.pid()));
        System.out.println("[bench] launcher started (pid " + launcher.pid() + "): " + String.join(" ", command));
        List<Thread> watchers = new ArrayList<>();
        for (Map.Entry<String, Integer> service : SERVICES.entrySet()) {
            Thread t = new Thread(() -> watch(service.getKey(), service.getValue(), timeout), "ready-" + service.getKey());
            t.setDaemon(true);
            t.start();
            watchers.add(t);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!launcher.isAlive()) {
                throw new IllegalStateException("the launcher exited (" + launcher.exitValue() + "); see " + log);
            }
            Matcher m = ALL_READY.matcher(Files.readString(log));
            if (m.find()) {
                launcherReadySeconds = Double.parseDouble(m.group(1));
                break;
            }
            Thread.sleep(100);
        }
        if (Double.isNaN(launcherReadySeconds)) {
            throw new IllegalStateException("services not ready after " + timeout.toSeconds() + " s; see " + log);
        }
        for (Thread t : watchers) {
            t.join(10_000);
        }
        for (String service : SERVICES.keySet()) {
            Start s = starts.get(service);
            if (s != null) {
                starts.put(service, new Start(s.service(), s.pid(), s.processStartEpochMs(), s.readyEpochMs(),
                        s.readySeconds(), startedIn(service)));
            }
        }
    }

    private void watch(String service, int port, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        // The launcher puts each service's management interface (health) at its API port + 1000.
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + (port + 1000) + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        long pid = -1;
        while (System.nanoTime() < deadline) {
            if (pid < 0) {
                OptionalLong found = Procs.servicePid(service);
                if (found.isEmpty()) {
                    sleep(100);
                    continue;
                }
                pid = found.getAsLong();
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    long now = System.currentTimeMillis();
                    long started = Procs.startEpochMs(pid);
                    starts.put(service, new Start(service, pid, started, now, (now - started) / 1000.0, Double.NaN));
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                return;
            }
            sleep(50);
        }
    }

    private double startedIn(String service) {
        try {
            Matcher m = STARTED_IN.matcher(Files.readString(data.resolve("logs").resolve(service + ".log")));
            return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM to the launcher, which stops the services, the broker and the database. */
    @Override
    public void close() {
        if (launcher == null || !launcher.isAlive()) {
            return;
        }
        System.out.println("[bench] stopping Baton (SIGTERM to the launcher, pid " + launcher.pid() + ")");
        launcher.destroy();
        try {
            if (!launcher.waitFor(90, TimeUnit.SECONDS)) {
                System.out.println("[bench] the launcher did not stop in 90 s: killing it");
                launcher.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String service : SERVICES.keySet()) {
            Procs.servicePid(service).ifPresent(pid -> ProcessHandle.of(pid).ifPresent(h -> {
                System.out.println("[bench] " + service + " (pid " + pid + ") outlived the launcher: killing it");
                h.destroyForcibly();
            }));
        }
    }

    long launchedAtEpochMs() {
        return launchedAtEpochMs;
    }
}
