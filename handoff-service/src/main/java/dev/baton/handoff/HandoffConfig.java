package dev.baton.handoff;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

/** The handoff rules. */
@ConfigMapping(prefix = "baton.handoff")
public interface HandoffConfig {

    /** How long the assigned rep has to accept a handed-off lead (the handoff SLA). */
    @WithDefault("PT4H")
    Duration slaWindow();

    /**
     * The reps leads can be handed to, by rep id (the rep's JWT {@code sub}); seeded into the registry at start.
     * For example {@code baton.handoff.reps.rep-ada.team=team-north}.
     */
    Map<String, Rep> reps();

    interface Rep {
        /** The rep's team. */
        String team();

        /** Whether the rep takes new leads now. */
        @WithDefault("true")
        boolean available();
    }
}
