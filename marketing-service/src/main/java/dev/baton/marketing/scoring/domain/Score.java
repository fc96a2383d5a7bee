package dev.baton.marketing.scoring.domain;

import java.util.List;
import java.util.Map;

/**
 * A lead's score and its parts, as {@code GET /leads/{id}} explains it.
 *
 * @param total      fit + engagement, rounded to two decimals
 * @param fit        points per fit attribute
 * @param engagement per engagement type: events counted, points after decay and cap, whether the cap applied
 * @param missingFit required fit attributes not known yet (the score cannot qualify while any is missing)
 * @param threshold  the configured qualification threshold
 */
public record Score(double total, Map<String, Double> fit, Map<String, TypePoints> engagement, List<String> missingFit,
        double threshold) {

    public record TypePoints(int events, double points, boolean capped) {
    }

    public boolean qualifies() {
        return missingFit.isEmpty() && total >= threshold;
    }
}
