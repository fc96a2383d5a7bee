package dev.baton.handoff;

/**
 * The lead of the restart test: handed off by the service of {@link SlaRestart1BeforeTest} (profile LongWindow),
 * whose window ends while the service of {@link SlaRestart2AfterTest} (profile ShortWindow) runs. Quarkus runs the
 * test classes grouped by profile, the groups in the order of their first class name, so part 1 runs, its service
 * stops, then part 2's service starts against the same database and broker. A fixed id: each test JVM has fresh
 * infrastructure.
 */
final class SlaRestart {

    static final String LEAD_ID = "5a1a0000-0000-4000-8000-00000000a5a1";

    private SlaRestart() {
    }
}
