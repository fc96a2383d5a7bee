package dev.baton.marketing.report.domain;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The funnel's stages and rates from the counts, without a database. */
class FunnelReportTest {

    @Test
    void everyLeadWasAnAnonymousVisitorAndRatesAreReachedOverReached() {
        Map<String, FunnelReport.StageCount> leads = new LinkedHashMap<>();
        leads.put("KNOWN", new FunnelReport.StageCount(5, 10));
        leads.put("QUALIFIED", new FunnelReport.StageCount(2, 3));
        leads.put("CLOSED", new FunnelReport.StageCount(1, 1));
        leads.put("RETAINED", new FunnelReport.StageCount(0, 0));

        FunnelReport report = FunnelReport.of(Map.of(), leads, 20, Map.of(), Map.of());

        assertThat(report.stages()).containsKeys("ANONYMOUS", "KNOWN", "QUALIFIED", "CLOSED", "RETAINED");
        assertThat(report.stages().keySet()).first().isEqualTo("ANONYMOUS");
        assertThat(report.stages().get("ANONYMOUS")).isEqualTo(new FunnelReport.StageCount(20, 30));
        assertThat(report.conversionRates()).containsExactly(
                Map.entry("ANONYMOUS->KNOWN", 0.3333), Map.entry("KNOWN->QUALIFIED", 0.3),
                Map.entry("QUALIFIED->CLOSED", 0.3333), Map.entry("CLOSED->RETAINED", 0.0));
    }

    @Test
    void aStageNoLeadReachedHasARateOfZero() {
        Map<String, FunnelReport.StageCount> none = new LinkedHashMap<>();
        for (String stage : new String[] {"KNOWN", "QUALIFIED", "CLOSED", "RETAINED"}) {
            none.put(stage, new FunnelReport.StageCount(0, 0));
        }
        FunnelReport report = FunnelReport.of(Map.of(), none, 0, Map.of(), Map.of());

        assertThat(report.conversionRates().values()).containsOnly(0.0);
    }
}
