package dev.baton.bench;

import org.junit.jupiter.api.Test;

import java.util.function.DoublePredicate;

import static org.assertj.core.api.Assertions.assertThat;

class RateSearchTest {

    private static RateSearch search(RateSearch s, DoublePredicate passes) {
        while (!s.done()) {
            s.report(passes.test(s.next()));
        }
        return s;
    }

    @Test
    void rampsUpThenBisectsBelowTheLimit() {
        RateSearch s = search(new RateSearch(1000, 2, 100, 100_000, 3, 0.01), rate -> rate <= 5000);
        assertThat(s.probes()).extracting(RateSearch.Probe::rate)
                .containsExactly(1000.0, 2000.0, 4000.0, 8000.0, 6000.0, 5000.0, 5500.0);
        assertThat(s.best()).isEqualTo(5000);
    }

    @Test
    void walksDownWhenTheFirstProbeFails() {
        RateSearch s = search(new RateSearch(1000, 2, 100, 100_000, 2, 0.01), rate -> rate <= 300);
        assertThat(s.probes()).extracting(RateSearch.Probe::rate).startsWith(1000.0, 500.0, 250.0);
        assertThat(s.best()).isBetween(250.0, 300.0);
    }

    @Test
    void stopsAtTheMaximumWhenEverythingPasses() {
        RateSearch s = search(new RateSearch(1000, 4, 100, 10_000, 3, 0.01), rate -> true);
        assertThat(s.probes()).extracting(RateSearch.Probe::rate).containsExactly(1000.0, 4000.0, 10000.0);
        assertThat(s.best()).isEqualTo(10_000);
    }

    @Test
    void endsWithoutARateWhenEvenTheMinimumFails() {
        RateSearch s = search(new RateSearch(1000, 2, 200, 10_000, 3, 0.01), rate -> false);
        assertThat(s.best()).isZero();
        assertThat(s.probes()).extracting(RateSearch.Probe::rate).containsExactly(1000.0, 500.0, 250.0, 200.0);
    }

    @Test
    void stopsBisectingAtTheResolution() {
        RateSearch s = search(new RateSearch(1000, 1.1, 100, 100_000, 10, 0.2), rate -> rate < 1200);
        assertThat(s.probes()).extracting(RateSearch.Probe::rate).containsExactly(1000.0, 1100.0, 1210.0);
        assertThat(s.best()).isEqualTo(1100);
    }
}
