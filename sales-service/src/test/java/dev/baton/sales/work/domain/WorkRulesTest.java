package dev.baton.sales.work.domain;

import dev.baton.sales.activity.domain.ActivityType;
import dev.baton.sales.activity.domain.NextStep;
import dev.baton.sales.customer.domain.Renewal;
import dev.baton.sales.opportunity.domain.AwaitingAnswer;
import dev.baton.sales.opportunity.domain.OpportunityKind;
import dev.baton.sales.opportunity.domain.PipelineStage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What counts as due, at risk and coming up on a salesperson's day. */
class WorkRulesTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    @Test
    void aHandoffIsAtRiskFromTheAtRiskPointOfItsWindow() {
        assertThat(awaiting(NOW.minusSeconds(1)).atRiskAt(NOW)).isTrue();
        assertThat(awaiting(NOW).atRiskAt(NOW)).isTrue();
        assertThat(awaiting(NOW.plusSeconds(1)).atRiskAt(NOW)).isFalse();
        assertThat(awaiting(null).atRiskAt(NOW)).as("recorded without one").isFalse();
    }

    @Test
    void nextStepsDueAreOverdueOrWithinTheHorizonAndUnplannedOnesAreListedApart() {
        NextStep overdue = step(NextStep.Step.at(UUID.randomUUID(), ActivityType.TASK, "x", NOW.minusSeconds(60), NOW));
        NextStep soon = step(NextStep.Step.at(UUID.randomUUID(), ActivityType.MEETING, "demo", NOW.plusSeconds(3600), NOW));
        NextStep later = step(NextStep.Step.at(UUID.randomUUID(), ActivityType.TASK, "y", NOW.plusSeconds(3 * 86400), NOW));
        NextStep none = step(null);

        Work work = Work.of(List.of("rep-ada"), List.of(awaiting(NOW.minusSeconds(1)), awaiting(NOW.plusSeconds(60))),
                List.of(none, overdue, soon, later), List.of(), List.of(), NOW, Duration.ofDays(1), 200);

        assertThat(work.nextStepsDue()).containsExactly(overdue, soon);
        assertThat(work.unplanned()).containsExactly(none);
        assertThat(work.handoffsToAnswer()).hasSize(2);
        assertThat(work.slaAtRisk()).hasSize(1).allMatch(Work.Handoff::atRisk);
    }

    @Test
    void aRenewalIsTheNextYearlyAnniversaryOfTheWin() {
        LocalDate today = LocalDate.parse("2026-12-07");
        assertThat(Renewal.nextAnniversary(Instant.parse("2025-12-20T09:00:00Z"), today)).isEqualTo("2026-12-20");
        assertThat(Renewal.nextAnniversary(Instant.parse("2025-11-01T09:00:00Z"), today)).isEqualTo("2027-11-01");
        assertThat(Renewal.nextAnniversary(Instant.parse("2026-12-07T09:00:00Z"), today)).as("won today: next year")
                .isEqualTo("2027-12-07");
        assertThat(Renewal.nextAnniversary(Instant.parse("2023-12-07T09:00:00Z"), today)).isEqualTo("2026-12-07");
    }

    private static AwaitingAnswer awaiting(Instant atRiskAt) {
        return new AwaitingAnswer(UUID.randomUUID(), UUID.randomUUID(), "rep-ada", NOW.plusSeconds(600), atRiskAt);
    }

    private static NextStep step(NextStep.Step step) {
        return new NextStep(UUID.randomUUID(), UUID.randomUUID(), OpportunityKind.NEW_BUSINESS, null, "rep-ada",
                PipelineStage.FOLLOW_UP, null, null, step);
    }
}
