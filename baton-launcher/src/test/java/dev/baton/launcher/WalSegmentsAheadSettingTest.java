package dev.baton.launcher;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * BATON_PG_WAL_SEGMENTS_AHEAD: off unless set (only the benchmark sets it); a count of segments; anything else stops the
 * launch with its name.
 */
class WalSegmentsAheadSettingTest {

    @Test
    void theDefaultRunPreparesNoSegments() {
        assertThat(BatonLauncher.walSegmentsAhead(Map.of())).isZero();
        assertThat(BatonLauncher.walSegmentsAhead(Map.of("PATH", "/usr/bin", "BATON_PG_PORT", "15432"))).isZero();
    }

    @Test
    void aCountWhenSet() {
        assertThat(BatonLauncher.walSegmentsAhead(Map.of("BATON_PG_WAL_SEGMENTS_AHEAD", "32"))).isEqualTo(32);
        assertThat(BatonLauncher.walSegmentsAhead(Map.of("BATON_PG_WAL_SEGMENTS_AHEAD", "0"))).isZero();
        assertThat(BatonLauncher.walSegmentsAhead(Map.of("BATON_PG_WAL_SEGMENTS_AHEAD", " 8 "))).isEqualTo(8);
    }

    @Test
    void aValueThatIsNotACountIsRefused() {
        for (String bad : new String[] {"-1", "lots", "1.5", ""}) {
            assertThatThrownBy(() -> BatonLauncher.walSegmentsAhead(Map.of("BATON_PG_WAL_SEGMENTS_AHEAD", bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("BATON_PG_WAL_SEGMENTS_AHEAD")
                    .hasMessageContaining("'" + bad + "'");
        }
    }
}
