package dev.baton.faults.round;

/**
 * How long each phase of a round may take.
 *
 * @param baselineSeconds    workload before the fault (its throughput is the baseline)
 * @param recoverySeconds    after the heal, at most this long to see throughput and lag recover
 * @param settleSeconds      with the workload paused, at most this long for every promised event and lag 0
 * @param projectionSeconds  at most this long for the projections to agree with the topics
 * @param holds              how long faults last
 * @param halfOpenSeconds    how long the server side of a half-open cut stays open after the heal
 */
public record Timings(int baselineSeconds, int recoverySeconds, int settleSeconds, int projectionSeconds, Holds holds,
        int halfOpenSeconds) {

    public static Timings full() {
        return new Timings(20, 240, 180, 60, Holds.full(), 150);
    }

    public static Timings quick() {
        return new Timings(8, 75, 75, 30, Holds.quick(), 30);
    }
}
