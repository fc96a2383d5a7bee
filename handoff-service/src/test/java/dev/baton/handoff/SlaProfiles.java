package dev.baton.handoff;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.HashMap;
import java.util.Map;

/**
 * The SLA tests' configurations: round robin within team-sla (two reps and a manager), timers polled every 200 ms, one
 * reassignment before escalation. Each profile is its own Quarkus application: switching profile restarts the service
 * against the same database and broker.
 */
final class SlaProfiles {

    private SlaProfiles() {
    }

    private static Map<String, String> with(String window, String atRiskFraction) {
        Map<String, String> config = new HashMap<>();
        config.put("baton.handoff.assignment.policy", "ROUND_ROBIN");
        config.put("baton.handoff.assignment.team", "team-sla");
        config.put("baton.team.reps.rep-sla-1.team", "team-sla");
        config.put("baton.team.reps.rep-sla-2.team", "team-sla");
        config.put("baton.team.assistants.assistant-sally.reps", "rep-sla-1");
        config.put("baton.team.managers.manager-sla.team", "team-sla");
        config.put("baton.handoff.sla-poll-interval", "PT0.2S");
        config.put("baton.handoff.sla-max-reassignments", "1");
        config.put("baton.handoff.sla-window", window);
        config.put("baton.handoff.sla-at-risk-fraction", atRiskFraction);
        return TestOverrides.overriding(config);
    }

    /** A window of 4 s, at risk half way (2 s): room for a test to answer in time. */
    public static class ShortWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return with("PT4S", "0.5");
        }
    }

    /** A window of 20 s, at risk after 3 s: room to stop the timers in the middle of it, even on a busy machine. */
    public static class LongWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return with("PT20S", "0.15");
        }
    }
}
