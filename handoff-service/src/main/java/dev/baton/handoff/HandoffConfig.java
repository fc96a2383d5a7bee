package dev.baton.handoff;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The handoff rules. */
@ConfigMapping(prefix = "baton.handoff")
public interface HandoffConfig {

    /** How long the assigned rep has to accept a handed-off lead (the handoff SLA). */
    @WithDefault("PT4H")
    Duration slaWindow();

}
