package dev.baton.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A hand-written SVG latency plot: each series' latency by percentile (HdrHistogram's percentile spectrum; x on a
 * log scale of 1/(1-p), so p50, p90, p99, p99.9 are evenly spaced), latency in ms on a log scale, and the targets as
 * dashed lines.
 */
final class Svg {

    record Series(String label, Histogram micros) {
    }

    record Line(String label, double ms) {
    }

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
            "#e377c2", "#17becf"};
    private static final int W = 960;
    private static final int H = 540;
    private static final int LEFT = 70;
    private static final int RIGHT = 250;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;
    private static final double MAX_X = 5; // 99.999%

    private Svg() {
    }

    /** The (x = log10(1/(1-p)), latency ms) points of a histogram, from p0 to its max. */
    static List<double[]> spectrum(Histogram micros) {
        List<double[]> points = new ArrayList<>();
        if (micros.getTotalCount() == 0) {
            return points;
        }
        for (HistogramIterationValue v : micros.percentiles(5)) {
            double p = v.getPercentileLevelIteratedTo() / 100.0;
            double x = p >= 1 ? MAX_X : Math.min(MAX_X, Math.log10(1 / (1 - p)));
            points.add(new double[] {x, Math.max(0.01, v.getValueIteratedTo() / 1000.0)});
            if (p >= 1) {
                break;
            }
        }
        return points;
    }

    static String plot(String title, List<Series> series, List<Line> lines) {
        double maxMs = 1;
        double minMs = Double.MAX_VALUE;
        for (Series s : series) {
            for (double[] p : spectrum(s.micros())) {
                maxMs = Math.max(maxMs, p[1]);
                minMs = Math.min(minMs, p[1]);
            }
        }
        for (Line l : lines) {
            maxMs = Math.max(maxMs, l.ms());
        }
        double lo = Math.pow(10, Math.floor(Math.log10(Math.max(0.01, Math.min(minMs, 1)))));
        double hi = Math.pow(10, Math.ceil(Math.log10(maxMs * 1.05)));
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, H, W, H));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                LEFT, esc(title)));
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#444\"/>%n", LEFT, TOP, plotW, plotH));
        String[] xLabels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
        for (int i = 0; i <= 5; i++) {
            double x = LEFT + plotW * i / MAX_X;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                    x, TOP, x, TOP + plotH));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x,
                    TOP + plotH + 18, xLabels[i]));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n",
                LEFT + plotW / 2, H - 18));
        for (double v = lo; v <= hi * 1.0001; v *= 10) {
            double y = y(v, lo, hi, plotH);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT, y, LEFT + plotW, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s ms</text>%n",
                    LEFT - 6, y + 4, fmt(v)));
        }
        int legendY = TOP + 10;
        for (Line l : lines) {
            double y = y(l.ms(), lo, hi, plotH);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#888\" "
                    + "stroke-dasharray=\"6,4\"/>%n", LEFT, y, LEFT + plotW, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" fill=\"#666\">%s</text>%n", LEFT + 6,
                    y - 4, esc(l.label())));
        }
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String colour = COLOURS[i % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (double[] p : spectrum(s.micros())) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + plotW * p[0] / MAX_X,
                        y(p[1], lo, hi, plotH)));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                    + "points=\"%s\"/>%n", colour, points.toString().trim()));
            int ly = legendY + i * 36;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"3\"/>%n", LEFT + plotW + 12, ly, LEFT + plotW + 32, ly, colour));
            Stats st = Stats.of(s.micros());
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT + plotW + 38, ly + 4,
                    esc(s.label())));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#555\" font-size=\"11\">p50 %s, "
                    + "p99 %s, max %s ms</text>%n", LEFT + plotW + 38, ly + 18, fmt(st.p50()), fmt(st.p99()),
                    fmt(st.max())));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static double y(double ms, double lo, double hi, int plotH) {
        double f = (Math.log10(Math.max(lo, ms)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
        return TOP + plotH - f * plotH;
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (v >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
