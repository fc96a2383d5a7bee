package dev.baton.marketing.report;

import java.util.Map;

/**
 * {@code GET /reports/funnel}.
 *
 * @param stages          per stage: how many leads are in it now, and how many ever reached it (highest stage)
 * @param conversionRates reached(next stage) / reached(stage), e.g. {@code "KNOWN->QUALIFIED": 0.4}
 * @param medianSecondsInStage median time spent in each stage by the leads that left it
 * @param attribution     for qualified and won leads: counts per campaign of the first touch and of the last touch
 *                        before the milestone ({@code none} when a lead had no campaign touch)
 */
public record FunnelReport(Map<String, Object> filters, Map<String, StageCount> stages,
        Map<String, Double> conversionRates, Map<String, Double> medianSecondsInStage,
        Map<String, Map<String, Map<String, Long>>> attribution) {

    public record StageCount(long current, long reached) {
    }
}
