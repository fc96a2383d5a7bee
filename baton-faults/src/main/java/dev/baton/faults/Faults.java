package dev.baton.faults;

import dev.baton.faults.check.Finding;

import java.nio.file.Path;

/**
 * {@code ./faults}: the fault suite from the command line. Exits 0 when the run found nothing lost, duplicated or
 * disagreeing (and no sequence or dead-letter problem), 1 when it did, 2 when it could not run.
 */
public final class Faults {

    private Faults() {
    }

    public static void main(String[] args) {
        quietClients();
        Path home = Path.of(System.getProperty("baton.home", ".")).toAbsolutePath().normalize();
        Options options;
        try {
            if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
                System.out.print(Options.USAGE);
                return;
            }
            options = Options.parse(home, System.getProperty("faults.command", "./faults"), args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            long start = System.nanoTime();
            Suite.Outcome outcome = new Suite(options, line -> {
                long seconds = (System.nanoTime() - start) / 1_000_000_000L;
                System.out.printf("[faults %d:%02d] %s%n", seconds / 60, seconds % 60, line);
                System.out.flush();
            }).run();
            long broken = 0;
            for (Finding.Category category : Finding.Category.values()) {
                broken += outcome.total(category);
            }
            System.out.println("[faults] " + (broken == 0 ? "no broken promise found" : broken + " broken promises found")
                    + "; report: " + outcome.report());
            System.exit(broken == 0 ? 0 : 1);
        } catch (Exception e) {
            System.err.println("[faults] the run failed: " + e);
            e.printStackTrace();
            System.exit(2);
        }
    }

    /** The suite's own Kafka clients retry through every fault: their warnings would drown the run's output. */
    static void quietClients() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
    }
}
