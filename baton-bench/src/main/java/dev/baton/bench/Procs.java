package dev.baton.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What Linux's /proc says about the processes of the run: pids, memory, CPU time, start times. */
final class Procs {

    static final long CLOCK_TICKS = clockTicks();
    private static final long BOOT_EPOCH_MS = bootTime() * 1000;

    private Procs() {
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String jdkTool(String name) {
        Path tool = Path.of(System.getProperty("java.home"), "bin", name);
        return Files.isExecutable(tool) ? tool.toString() : name;
    }

    /** Pids whose command line contains {@code needle}. */
    static List<Long> pidsWithCommandLine(String needle) {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    byte[] raw = Files.readAllBytes(p.resolve("cmdline"));
                    String cmd = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
                    if (cmd.contains(needle)) {
                        pids.add(Long.parseLong(name));
                    }
                } catch (IOException gone) {
                    // exited meanwhile
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        pids.remove(ProcessHandle.current().pid());
        return pids;
    }

    /**
     * The service's JVM: one running {@code quarkus-run.jar} of {@code <service>/target/quarkus-app}, named by an
     * absolute path or (as the launcher starts it, from that folder) relative to its working directory.
     */
    static OptionalLong servicePid(String service) {
        String folder = service + "/target/quarkus-app";
        List<Long> byPath = pidsWithCommandLine(folder + "/quarkus-run.jar");
        List<Long> candidates = byPath.isEmpty() ? pidsWithCommandLine("-jar quarkus-run.jar").stream()
                .filter(pid -> workingDirectory(pid).endsWith(folder)).toList() : byPath;
        return candidates.stream().filter(pid -> comm(pid).equals("java")).mapToLong(Long::longValue).min();
    }

    private static String workingDirectory(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")).toString();
        } catch (IOException | UnsupportedOperationException gone) {
            return "";
        }
    }

    /** The postmaster (the process whose command line names the data directory) and its children. */
    static List<Long> postgresPids(Path dataDir) {
        List<Long> postmasters = pidsWithCommandLine(dataDir.toString()).stream()
                .filter(pid -> comm(pid).startsWith("postgres")).toList();
        if (postmasters.isEmpty()) {
            return List.of();
        }
        List<Long> all = new ArrayList<>(postmasters);
        ProcessHandle.of(postmasters.get(0)).ifPresent(h -> h.children().forEach(c -> all.add(c.pid())));
        return all;
    }

    static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** A field of /proc/PID/status in kB (VmRSS, VmHWM...), or -1. */
    static long statusKb(long pid, String field) {
        return statusKbOfFile(Path.of("/proc/" + pid + "/status"), field);
    }

    /** A "Field:   123 kB" line of a /proc file, or -1. */
    static long statusKbOfFile(Path file, String field) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone
        }
        return -1;
    }

    /** A field of /proc/PID/smaps_rollup in kB (RssAnon, RssFile...), or -1. */
    static long smapsKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone or not readable
        }
        return -1;
    }

    /** Fields of /proc/PID/stat after the command name: index 0 is field 3 (state). */
    static String[] stat(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return s.substring(s.lastIndexOf(')') + 2).trim().split("\\s+");
        } catch (IOException e) {
            return null;
        }
    }

    /** CPU time (user + system, with reaped children) in ticks, or 0 when the process is gone. */
    static long cpuTicks(long pid) {
        String[] f = stat(pid);
        if (f == null) {
            return 0;
        }
        return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }

    /** When the process started, epoch milliseconds (10 ms resolution). */
    static long startEpochMs(long pid) {
        String[] f = stat(pid);
        if (f == null) {
            return -1;
        }
        return BOOT_EPOCH_MS + Long.parseLong(f[19]) * 1000 / CLOCK_TICKS;
    }

    /** Busy and total ticks of the whole machine (first line of /proc/stat). */
    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException e) {
            return new long[] {0, 0};
        }
    }

    private static long bootTime() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("btime ")) {
                    return Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return 0;
    }

    private static long clockTicks() {
        String out = run(List.of("getconf", "CLK_TCK"), 5);
        try {
            return Long.parseLong(out.trim());
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    /** Runs a command and returns its output (stdout and stderr), or "" when it cannot run. */
    static String run(List<String> command, int timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** jcmd PID COMMAND... */
    static String jcmd(long pid, String... command) {
        List<String> cmd = new ArrayList<>(List.of(jdkTool("jcmd"), Long.toString(pid)));
        cmd.addAll(List.of(command));
        return run(cmd, 60);
    }

    /** CPU ticks per group of processes, to split a step's CPU time between them. */
    static final class CpuSample {
        final long wallNanos = System.nanoTime();
        final long[] machine = machineTicks();
        final Map<String, Long> ticks = new LinkedHashMap<>();

        static CpuSample take(Map<String, List<Long>> groups) {
            CpuSample s = new CpuSample();
            groups.forEach((name, pids) -> s.ticks.put(name, pids.stream().mapToLong(Procs::cpuTicks).sum()));
            return s;
        }

        /** CPU seconds per second of wall time (1.0 = one core busy) per group, plus "machine" and "other". */
        Map<String, Double> coresSince(CpuSample before) {
            double wall = (wallNanos - before.wallNanos) / 1e9;
            Map<String, Double> out = new LinkedHashMap<>();
            double groups = 0;
            for (Map.Entry<String, Long> e : ticks.entrySet()) {
                double cores = Math.max(0, e.getValue() - before.ticks.getOrDefault(e.getKey(), 0L))
                        / (double) CLOCK_TICKS / wall;
                out.put(e.getKey(), cores);
                groups += cores;
            }
            double machineCores = (machine[0] - before.machine[0]) / (double) CLOCK_TICKS / wall;
            out.put("other", Math.max(0, machineCores - groups));
            out.put("machine (all)", machineCores);
            return out;
        }
    }
}
