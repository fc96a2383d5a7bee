package dev.baton.sales.report.domain;

import dev.baton.sales.report.domain.PipelineFigures.RepActivities;
import dev.baton.sales.report.domain.PipelineFigures.RepOutcome;
import dev.baton.sales.report.domain.PipelineFigures.RepSla;
import dev.baton.sales.report.domain.PipelineFigures.StageTotal;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How the database's sums become the pipeline report. */
class PipelineFiguresTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    @Test
    void everyStageIsListedAndTheOpenTotalSumsThem() {
        PipelineReport report = new PipelineFigures(List.of(new StageTotal("PROPOSAL", 2, new BigDecimal("3000.00")),
                new StageTotal("FOLLOW_UP", 1, new BigDecimal("500.00"))), List.of(), List.of(), List.of())
                .report("team-north", null, null, NOW, List.of(), rep -> "team-north");

        assertThat(report.scope()).isEqualTo("team-north");
        assertThat(report.pipeline()).extracting(PipelineReport.StageValue::stage)
                .containsExactly("FOLLOW_UP", "RELATIONSHIP", "PROPOSAL", "CLOSING");
        assertThat(report.pipeline().get(1).count()).isZero();
        assertThat(report.open().count()).isEqualTo(3);
        assertThat(report.open().amount()).isEqualByComparingTo("3500");
        assertThat(report.outcomes().winRate()).as("nothing closed").isNull();
        assertThat(report.outcomes().averageCycleDays()).as("nothing won").isNull();
    }

    @Test
    void winRateAndCycleTimeComeFromTheClosesOfThePeriod() {
        PipelineReport report = new PipelineFigures(List.of(),
                List.of(new RepOutcome("rep-ada", 2, 1, new BigDecimal("1000.00"), new BigDecimal("172800")),
                        new RepOutcome("rep-grace", 0, 3, new BigDecimal("0.00"), null)),
                List.of(), List.of())
                .report(null, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 3, 31), NOW, List.of(), rep -> "team-north");

        assertThat(report.scope()).isEqualTo("all");
        assertThat(report.outcomes().won()).isEqualTo(2);
        assertThat(report.outcomes().lost()).isEqualTo(4);
        assertThat(report.outcomes().winRate()).isEqualTo(0.3333);
        assertThat(report.outcomes().wonAmount()).isEqualByComparingTo("1000");
        assertThat(report.outcomes().averageCycleDays()).isEqualTo(1.0);
    }

    @Test
    void everyRepOfTheTeamIsListedWithEveryActivityTypeAndTheirSlaCompliance() {
        PipelineReport report = new PipelineFigures(List.of(), List.of(),
                List.of(new RepActivities("rep-ada", "CALL", 3), new RepActivities("rep-ada", "TASK", 1)),
                List.of(new RepSla("rep-ada", 3, 1, 2)))
                .report("team-north", null, null, NOW, List.of("rep-grace", "rep-ada"), rep -> "team-north");

        assertThat(report.reps()).extracting(PipelineReport.RepFigures::repId).containsExactly("rep-ada", "rep-grace");
        PipelineReport.RepFigures ada = report.reps().get(0);
        assertThat(ada.activities()).containsEntry("CALL", 3L).containsEntry("TASK", 1L).containsEntry("EMAIL", 0L)
                .hasSize(6);
        assertThat(ada.activityTotal()).isEqualTo(4);
        assertThat(ada.sla()).isEqualTo(new PipelineReport.Sla(3, 1, 2, 0.75));
        PipelineReport.RepFigures grace = report.reps().get(1);
        assertThat(grace.activityTotal()).isZero();
        assertThat(grace.sla().compliance()).as("nothing counted").isNull();
        assertThat(grace.teamId()).isEqualTo("team-north");
    }
}
