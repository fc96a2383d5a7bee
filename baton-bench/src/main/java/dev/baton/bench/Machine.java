package dev.baton.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What machine made the numbers. */
final class Machine {

    private Machine() {
    }

    static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("CPU", cpuModel());
        m.put("cores (available to the JVM)", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("memory", memTotal());
        m.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")" + distro());
        m.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        String virt = Procs.run(List.of("systemd-detect-virt"), 5).trim();
        if (!virt.isEmpty() && !virt.contains("not found") && !virt.contains("No such")) {
            m.put("virtualisation", virt);
        }
        return m;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown";
    }

    private static String memTotal() {
        long kb = Procs.statusKbOfFile(Path.of("/proc/meminfo"), "MemTotal");
        return kb < 0 ? "unknown" : String.format("%.1f GiB", kb / 1024.0 / 1024.0);
    }

    private static String distro() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return ", " + line.substring(12).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // unknown
        }
        return "";
    }
}
