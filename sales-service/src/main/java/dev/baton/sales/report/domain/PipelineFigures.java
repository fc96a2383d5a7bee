package dev.baton.sales.report.domain;

import dev.baton.sales.activity.domain.ActivityType;
import dev.baton.sales.opportunity.domain.PipelineStage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The counts a pipeline report is made of, as the database sums them, and how they become the report: every stage and
 * activity type listed (zero when absent), every rep of the team listed, ratios rounded to 4 places.
 */
public record PipelineFigures(List<StageTotal> openByStage, List<RepOutcome> outcomes, List<RepActivities> activities,
        List<RepSla> sla) {

    /** Open opportunities at a stage: how many, and their value. */
    public record StageTotal(String stage, long count, BigDecimal amount) {
    }

    /** A rep's opportunities closed in the period; {@code wonSeconds} the summed handoff-to-WON time (null: none). */
    public record RepOutcome(String repId, long won, long lost, BigDecimal wonAmount, BigDecimal wonSeconds) {
    }

    /** How many activities of a type a rep recorded in the period. */
    public record RepActivities(String repId, String type, long count) {
    }

    /** A rep's handoff answers against the SLA. */
    public record RepSla(String repId, long met, long breached, long pending) {
    }

    /**
     * The report of {@code teamId} (null: all) for the period; {@code teamReps} are listed even without figures,
     * {@code teamOf} names each rep's team.
     */
    public PipelineReport report(String teamId, LocalDate from, LocalDate to, Instant generatedAt, List<String> teamReps,
            UnaryOperator<String> teamOf) {
        Map<String, PipelineReport.StageValue> byStage = new LinkedHashMap<>();
        for (PipelineStage stage : PipelineStage.values()) {
            byStage.put(stage.name(), new PipelineReport.StageValue(stage.name(), 0, BigDecimal.ZERO.setScale(2)));
        }
        long openCount = 0;
        BigDecimal openAmount = BigDecimal.ZERO.setScale(2);
        for (StageTotal total : openByStage) {
            byStage.put(total.stage(), new PipelineReport.StageValue(total.stage(), total.count(), total.amount()));
            openCount += total.count();
            openAmount = openAmount.add(total.amount());
        }

        TreeSet<String> reps = new TreeSet<>(teamReps);
        long won = 0;
        long lost = 0;
        BigDecimal wonAmount = BigDecimal.ZERO.setScale(2);
        double wonSeconds = 0;
        Map<String, RepOutcome> outcomesByRep = new HashMap<>();
        for (RepOutcome outcome : outcomes) {
            reps.add(outcome.repId());
            outcomesByRep.put(outcome.repId(), outcome);
            won += outcome.won();
            lost += outcome.lost();
            wonAmount = wonAmount.add(outcome.wonAmount());
            wonSeconds += outcome.wonSeconds() == null ? 0 : outcome.wonSeconds().doubleValue();
        }
        Map<String, Map<String, Long>> activitiesByRep = new HashMap<>();
        for (RepActivities counted : activities) {
            reps.add(counted.repId());
            activitiesByRep.computeIfAbsent(counted.repId(), r -> new TreeMap<>()).put(counted.type(), counted.count());
        }
        Map<String, RepSla> slaByRep = new HashMap<>();
        for (RepSla repSla : sla) {
            reps.add(repSla.repId());
            slaByRep.put(repSla.repId(), repSla);
        }

        List<PipelineReport.RepFigures> figures = new ArrayList<>();
        for (String rep : reps) {
            RepOutcome outcome = outcomesByRep.getOrDefault(rep, new RepOutcome(rep, 0, 0, null, null));
            Map<String, Long> perType = new LinkedHashMap<>();
            Map<String, Long> counted = activitiesByRep.getOrDefault(rep, Map.of());
            for (ActivityType type : ActivityType.values()) {
                perType.put(type.name(), counted.getOrDefault(type.name(), 0L));
            }
            RepSla s = slaByRep.getOrDefault(rep, new RepSla(rep, 0, 0, 0));
            figures.add(new PipelineReport.RepFigures(rep, teamOf.apply(rep), outcome.won(), outcome.lost(), perType,
                    perType.values().stream().mapToLong(Long::longValue).sum(),
                    new PipelineReport.Sla(s.met(), s.breached(), s.pending(), ratio(s.met(), s.met() + s.breached()))));
        }
        Double cycleDays = won == 0 ? null : round(wonSeconds / won / 86400d);
        return new PipelineReport(teamId == null ? "all" : teamId, from, to, generatedAt, List.copyOf(byStage.values()),
                new PipelineReport.StageValue("OPEN", openCount, openAmount),
                new PipelineReport.Outcomes(won, lost, ratio(won, won + lost), wonAmount, cycleDays),
                List.copyOf(figures));
    }

    /** part / whole rounded to 4 places; null when there is nothing to divide by. */
    static Double ratio(long part, long whole) {
        return whole == 0 ? null : round((double) part / whole);
    }

    private static double round(double value) {
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).doubleValue();
    }
}
