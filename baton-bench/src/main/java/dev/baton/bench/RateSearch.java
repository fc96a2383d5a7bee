package dev.baton.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the highest rate that passes, with short probes: ramps up geometrically from a start rate until a probe fails
 * (or walks down when the first probe fails), then bisects between the highest pass and the lowest failure. Pure logic:
 * the caller runs each probe and reports whether it passed.
 */
public final class RateSearch {

    /** One probe and its outcome. */
    public record Probe(double rate, boolean passed) {
    }

    private final double factor;
    private final double max;
    private final double min;
    private final int refineSteps;
    private final double resolution;
    private final List<Probe> probes = new ArrayList<>();
    private double highestPass = Double.NaN;
    private double lowestFail = Double.NaN;
    private double next;
    private int refinements;

    /**
     * @param start       the first rate probed
     * @param factor      the ramp factor (&gt; 1) while every probe passes, and the step down while none passed yet
     * @param min         no probe below this rate: when it fails, the search ends without a passing rate
     * @param max         no probe above this rate: when it passes, the search ends there
     * @param refineSteps bisections between the highest pass and the lowest failure
     * @param resolution  stop bisecting when (fail - pass) / pass is below this fraction
     */
    public RateSearch(double start, double factor, double min, double max, int refineSteps, double resolution) {
        if (factor <= 1 || start <= 0 || min <= 0 || max < min) {
            throw new IllegalArgumentException("bad search parameters");
        }
        this.factor = factor;
        this.max = max;
        this.min = min;
        this.refineSteps = refineSteps;
        this.resolution = resolution;
        this.next = clamp(start);
    }

    /** The next rate to probe, or NaN when the search is over. */
    public double next() {
        return next;
    }

    public boolean done() {
        return Double.isNaN(next);
    }

    /** Records the outcome of probing {@link #next()}. */
    public void report(boolean passed) {
        if (done()) {
            throw new IllegalStateException("the search is over");
        }
        double rate = next;
        probes.add(new Probe(rate, passed));
        if (passed) {
            highestPass = Double.isNaN(highestPass) ? rate : Math.max(highestPass, rate);
        } else {
            lowestFail = Double.isNaN(lowestFail) ? rate : Math.min(lowestFail, rate);
        }
        if (Double.isNaN(lowestFail)) {
            // Still ramping up.
            next = rate >= max ? Double.NaN : clamp(rate * factor);
            return;
        }
        if (Double.isNaN(highestPass)) {
            // Walking down until something passes.
            next = rate <= min ? Double.NaN : clamp(rate / factor);
            return;
        }
        if (refinements >= refineSteps || (lowestFail - highestPass) / highestPass < resolution) {
            next = Double.NaN;
            return;
        }
        refinements++;
        next = round((highestPass + lowestFail) / 2);
    }

    /** The highest rate that passed, or 0 when none did. */
    public double best() {
        return Double.isNaN(highestPass) ? 0 : highestPass;
    }

    public List<Probe> probes() {
        return List.copyOf(probes);
    }

    private double clamp(double rate) {
        return round(Math.max(min, Math.min(max, rate)));
    }

    /** Rates are kept to two significant-ish digits of precision that still tell probes apart (whole events/s). */
    static double round(double rate) {
        return Math.max(1, Math.round(rate));
    }
}
