package dev.baton.faults.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One replica of one service: a packaged Quarkus application run as its own JVM, as the launcher runs a service (same
 * JVM options, class-data archive, environment), but with its broker and database reached through its own proxies.
 */
public final class Replica {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String service;
    private final int number;
    private final int index;
    private final Path app;
    private final Path log;
    private final List<String> jvmOptions;
    private final Map<String, String> env;
    private final Children children;
    private Process process;

    Replica(String service, int number, int index, Path app, Path log, List<String> jvmOptions, Map<String, String> env,
            Children children) {
        this.service = service;
        this.number = number;
        this.index = index;
        this.app = app;
        this.log = log;
        this.jvmOptions = jvmOptions;
        this.env = env;
        this.children = children;
    }

    /** e.g. {@code sales-2}. */
    public String name() {
        return service + "-" + number;
    }

    public String service() {
        return service;
    }

    /** 0..5: which broker listener, proxies and HTTP port are this replica's. */
    public int index() {
        return index;
    }

    public int port() {
        return Integer.parseInt(env.get("QUARKUS_HTTP_PORT"));
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Health and metrics: the management interface. */
    public String managementUrl() {
        return "http://127.0.0.1:" + env.get("QUARKUS_MANAGEMENT_PORT");
    }

    public Path log() {
        return log;
    }

    public synchronized void start() {
        List<String> command = new ArrayList<>();
        command.add(Children.javaBinary());
        command.addAll(jvmOptions);
        Path archive = app.resolve("app-cds.jsa");
        if (Files.isRegularFile(archive)) {
            command.add("-XX:SharedArchiveFile=" + archive);
            command.add("-Xshare:auto");
        }
        // From the application folder with the relative jar path, as the launcher: the archive records the class path.
        command.addAll(List.of("-jar", "quarkus-run.jar"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name(), e);
        }
        children.started(name(), process.pid());
    }

    /** Polls readiness until 200 or the deadline; false if it never became ready (or died). */
    public boolean awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready")).timeout(Duration.ofSeconds(3)).build();
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                return false;
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Polls liveness (the HTTP server answers at all): what a restarted replica needs to take requests. */
    public boolean isServing() {
        try {
            HttpRequest live = HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/live")).timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(live, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public synchronized void kill() {
        Children.killHard(process);
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized void stop() {
        Children.stop(process, 20);
    }
}
