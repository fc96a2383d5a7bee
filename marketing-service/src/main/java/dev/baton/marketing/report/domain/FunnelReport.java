package dev.baton.marketing.report.domain;

import dev.baton.contract.Stage;

import java.util.LinkedHashMap;
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

    /**
     * The report from the counts of the leads per stage (KNOWN onwards), the anonymous visitors now (every lead was
     * one, so ANONYMOUS was reached by both), the medians and the attribution.
     */
    public static FunnelReport of(Map<String, Object> filters, Map<String, StageCount> leadStages, long anonymousNow,
            Map<String, Double> medianSecondsInStage, Map<String, Map<String, Map<String, Long>>> attribution) {
        Map<String, StageCount> stages = new LinkedHashMap<>();
        long leads = leadStages.get(Stage.KNOWN.name()).reached();
        stages.put(Stage.ANONYMOUS.name(), new StageCount(anonymousNow, anonymousNow + leads));
        stages.putAll(leadStages);
        return new FunnelReport(filters, stages, conversionRates(stages), medianSecondsInStage, attribution);
    }

    /** reached(next stage) / reached(stage), to four decimals (0 when no lead reached the stage). */
    static Map<String, Double> conversionRates(Map<String, StageCount> stages) {
        Map<String, Double> rates = new LinkedHashMap<>();
        Stage[] order = Stage.values();
        for (int i = 0; i + 1 < order.length; i++) {
            long reached = stages.get(order[i].name()).reached();
            long next = stages.get(order[i + 1].name()).reached();
            rates.put(order[i] + "->" + order[i + 1], reached == 0 ? 0.0 : Math.round(next * 10_000.0 / reached) / 10_000.0);
        }
        return rates;
    }
}
