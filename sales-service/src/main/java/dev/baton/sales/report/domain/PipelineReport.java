package dev.baton.sales.report.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /reports/pipeline}: a team's (a manager) or everyone's (ops) pipeline.
 *
 * @param scope    the team reported on, or {@code all}
 * @param from     first day of the period (closes, activities, handoffs), inclusive; null for no bound
 * @param to       last day of the period, inclusive; null for no bound
 * @param pipeline open opportunities per pipeline stage (a snapshot, not bound by the period): count and value
 * @param open     all open opportunities: count and value
 * @param outcomes opportunities closed in the period: won, lost, win rate, average cycle time
 * @param reps     per rep: outcomes, activities per type, SLA compliance of the handoff answers
 */
public record PipelineReport(
        String scope,
        LocalDate from,
        LocalDate to,
        Instant generatedAt,
        List<StageValue> pipeline,
        StageValue open,
        Outcomes outcomes,
        List<RepFigures> reps) {

    public record StageValue(String stage, long count, BigDecimal amount) {
    }

    /**
     * @param winRate          won / (won + lost); null when nothing closed
     * @param averageCycleDays average time from handoff (or cross-sell opening) to WON, in days; null when nothing won
     */
    public record Outcomes(long won, long lost, Double winRate, BigDecimal wonAmount, Double averageCycleDays) {
    }

    /**
     * @param activities per type (CALL, EMAIL, MEETING...), in the period
     * @param sla        the rep's answers to handoffs against the SLA
     */
    public record RepFigures(String repId, String teamId, long won, long lost, Map<String, Long> activities,
            long activityTotal, Sla sla) {
    }

    /**
     * @param met        answered (accepted or rejected) before the SLA was due
     * @param breached   answered late, reassigned after a breach, or still unanswered past the due time
     * @param pending    not answered yet, still within the SLA (not counted)
     * @param compliance met / (met + breached); null when nothing counted
     */
    public record Sla(long met, long breached, long pending, Double compliance) {
    }
}
