package dev.baton.handoff;

import java.util.HashMap;
import java.util.Map;

/** Configuration a test profile overrides. */
final class TestOverrides {

    private TestOverrides() {
    }

    /** The settings under their own names and under {@code %test.}: application.properties sets some for %test. */
    static Map<String, String> overriding(Map<String, String> config) {
        Map<String, String> both = new HashMap<>(config);
        config.forEach((key, value) -> both.put("%test." + key, value));
        return both;
    }
}
