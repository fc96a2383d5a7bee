package dev.baton.sales.work.domain;

import dev.baton.sales.activity.domain.NextStep;
import dev.baton.sales.activity.domain.OverdueFollowUps;
import dev.baton.sales.customer.domain.Renewal;
import dev.baton.sales.opportunity.domain.AwaitingAnswer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the caller's reps have to do now.
 *
 * @param reps             whose work this is
 * @param handoffsToAnswer handoffs waiting for an answer, the SLA ending soonest first
 * @param slaAtRisk        those of them past the at-risk point of their window
 * @param nextStepsDue     open opportunities whose next step is overdue or due within a day
 * @param unplanned        open opportunities with no next step planned at all
 * @param overdueFollowUps open tasks past due, per rep
 * @param renewalsComingUp customers whose yearly anniversary of the win is within 30 days
 */
public record Work(List<String> reps, List<Handoff> handoffsToAnswer, List<Handoff> slaAtRisk,
        List<NextStep> nextStepsDue, List<NextStep> unplanned, List<OverdueFollowUps> overdueFollowUps,
        List<Renewal> renewalsComingUp) {

    /** A handoff to answer, with whether its SLA is at risk. */
    public record Handoff(AwaitingAnswer opportunity, boolean atRisk) {
    }

    public static Work of(List<String> reps, List<AwaitingAnswer> awaiting, List<NextStep> steps,
            List<OverdueFollowUps> overdue, List<Renewal> renewals, Instant now, Duration ahead, int limit) {
        List<Handoff> handoffs = awaiting.stream().map(a -> new Handoff(a, a.atRiskAt(now))).toList();
        Instant horizon = now.plus(ahead);
        List<NextStep> due = steps.stream()
                .filter(s -> s.nextStep() != null && (s.nextStep().overdue() || !s.nextStep().at().isAfter(horizon)))
                .limit(limit).toList();
        List<NextStep> unplanned = steps.stream().filter(s -> s.nextStep() == null).limit(limit).toList();
        return new Work(reps, handoffs, handoffs.stream().filter(Handoff::atRisk).toList(), due, unplanned, overdue,
                renewals);
    }
}
