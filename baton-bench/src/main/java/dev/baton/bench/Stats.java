package dev.baton.bench;

import org.HdrHistogram.Histogram;

/** p50, p99, p99.9 and max of a histogram recorded in microseconds, in milliseconds; and its count. */
public record Stats(double p50, double p99, double p999, double max, long count) {

    public static final Stats EMPTY = new Stats(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);

    public static Stats of(Histogram micros) {
        if (micros == null || micros.getTotalCount() == 0) {
            return EMPTY;
        }
        return new Stats(ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(99)),
                ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()), micros.getTotalCount());
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
