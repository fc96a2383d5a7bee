package dev.baton.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a service's CPU goes: a JFR recording (settings=profile) started and stopped with jcmd on the running
 * service, summarised from its execution samples (top methods, Baton's own frames, threads, library categories)
 * and its GC events.
 */
final class Profiler {

    record Summary(String service, String scenario, Path file, long samples, List<Map.Entry<String, Long>> topMethods,
            List<Map.Entry<String, Long>> categories, List<Map.Entry<String, Long>> batonFrames,
            List<Map.Entry<String, Long>> threads, long gcCount, double gcMillis, double jvmCpuCores, String gcByName,
            String error) {
    }

    private Profiler() {
    }

    static boolean start(long pid, String name, Path file) {
        String out = Procs.jcmd(pid, "JFR.start", "name=" + name, "settings=profile", "filename=" + file);
        return out.contains("Started recording");
    }

    static void stop(long pid, String name) {
        Procs.jcmd(pid, "JFR.stop", "name=" + name);
    }

    /** Library category of a frame, from its class's package. */
    static String category(String className) {
        String[][] rules = {
                {"dev.baton.", "Baton code"},
                {"io.vertx.pgclient", "PostgreSQL client (Vert.x)"},
                {"io.vertx.sqlclient", "PostgreSQL client (Vert.x)"},
                {"io.netty", "Netty I/O"},
                {"io.vertx.core.http", "Vert.x HTTP"},
                {"io.vertx", "Vert.x core"},
                {"org.jboss.resteasy", "RESTEasy Reactive"},
                {"io.quarkus.resteasy", "RESTEasy Reactive"},
                {"com.fasterxml.jackson", "Jackson JSON"},
                {"io.smallrye.jwt", "JWT verification"},
                {"org.jose4j", "JWT verification"},
                {"sun.security.provider.NativePRNG", "SecureRandom (UUID.randomUUID)"},
                {"sun.security.provider.SecureRandom", "SecureRandom (UUID.randomUUID)"},
                {"java.security.SecureRandom", "SecureRandom (UUID.randomUUID)"},
                {"sun.security.rsa", "RSA (JWT signature)"},
                {"java.math", "RSA (JWT signature)"},
                {"sun.security.provider", "SHA digests (JWT, PRNG)"},
                {"sun.security", "JDK security other"},
                {"java.security", "JDK security other"},
                {"javax.crypto", "JDK security other"},
                {"com.sun.crypto", "JDK security other"},
                {"org.hibernate.validator", "Bean Validation"},
                {"jakarta.validation", "Bean Validation"},
                {"org.apache.kafka", "Kafka client"},
                {"io.smallrye.mutiny", "Mutiny"},
                {"io.smallrye.reactive", "Reactive Messaging"},
                {"io.quarkus.security", "Quarkus security"},
                {"io.quarkus.vertx.http", "Quarkus HTTP"},
                {"io.quarkus.arc", "ArC CDI"},
                {"io.micrometer", "Micrometer"},
                {"io.quarkus", "Quarkus other"},
                {"sun.nio", "JDK NIO"},
                {"java.nio", "JDK NIO"},
                {"java.util.regex", "JDK regex"},
                {"java.util.UUID", "JDK UUID"},
                {"java.time", "JDK time"},
                {"java.lang.String", "JDK strings"},
                {"java.lang.StringBuilder", "JDK strings"},
                {"java.lang.AbstractStringBuilder", "JDK strings"},
                {"java.util.zip", "JDK zip"},
                {"java.", "JDK other"},
                {"jdk.", "JDK other"},
                {"sun.", "JDK other"},
        };
        for (String[] rule : rules) {
            if (className.startsWith(rule[0])) {
                return rule[1];
            }
        }
        return "other";
    }

    /** Summarises the events of the recording from {@code from} on (the profiled window). */
    static Summary summarize(String service, String scenario, Path file, java.time.Instant from) {
        Map<String, Long> top = new HashMap<>();
        Map<String, Long> categories = new HashMap<>();
        Map<String, Long> baton = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        long samples = 0;
        long gcCount = 0;
        double gcMillis = 0;
        Map<String, double[]> gcs = new java.util.TreeMap<>();
        double cpuSum = 0;
        long cpuN = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (from != null && event.getStartTime().isBefore(from)) {
                    continue;
                }
                String type = event.getEventType().getName();
                switch (type) {
                    case "jdk.ExecutionSample" -> {
                        RecordedStackTrace stack = event.getStackTrace();
                        if (stack == null || stack.getFrames().isEmpty()) {
                            continue;
                        }
                        samples++;
                        List<RecordedFrame> frames = stack.getFrames();
                        RecordedFrame frame = frames.get(0);
                        String cls = frame.getMethod().getType().getName();
                        top.merge(cls + "." + frame.getMethod().getName(), 1L, Long::sum);
                        categories.merge(category(cls), 1L, Long::sum);
                        for (RecordedFrame f : frames) {
                            String c = f.getMethod().getType().getName();
                            if (c.startsWith("dev.baton.")) {
                                baton.merge(c.substring(c.lastIndexOf('.') + 1) + "." + f.getMethod().getName(), 1L,
                                        Long::sum);
                                break;
                            }
                        }
                        String thread = event.getThread("sampledThread") == null ? "?"
                                : event.getThread("sampledThread").getJavaName();
                        threads.merge(thread == null ? "?" : thread.replaceAll("\\d+", "N"), 1L, Long::sum);
                    }
                    case "jdk.GarbageCollection" -> {
                        gcCount++;
                        double pause = event.getDuration().toNanos() / 1e6;
                        gcMillis += pause;
                        double[] byName = gcs.computeIfAbsent(event.getString("name"), k -> new double[3]);
                        byName[0]++;
                        byName[1] += pause;
                        byName[2] = Math.max(byName[2], pause);
                    }
                    case "jdk.CPULoad" -> {
                        cpuSum += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
                        cpuN++;
                    }
                    default -> {
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Summary(service, scenario, file, 0, List.of(), List.of(), List.of(), List.of(), 0, 0, 0, "",
                    e.toString());
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return new Summary(service, scenario, file, samples, topN(top, 15), topN(categories, 12), topN(baton, 10),
                topN(threads, 8), gcCount, gcMillis, cpuN == 0 ? Double.NaN : cpuSum / cpuN * cores,
                String.join(", ", gcs.entrySet().stream().map(e -> String.format(java.util.Locale.ROOT,
                        "%s %.0f × (%.0f ms in all, longest %.0f ms)", e.getKey(), e.getValue()[0], e.getValue()[1],
                        e.getValue()[2])).toList()), null);
    }

    static List<Map.Entry<String, Long>> topN(Map<String, Long> counts, int n) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        Map<String, Long> kept = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : entries.subList(0, Math.min(n, entries.size()))) {
            kept.put(e.getKey(), e.getValue());
        }
        return new ArrayList<>(kept.entrySet());
    }
}
