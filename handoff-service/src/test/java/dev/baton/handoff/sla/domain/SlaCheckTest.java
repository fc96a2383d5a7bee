package dev.baton.handoff.sla.domain;

import dev.baton.contract.Stage;
import dev.baton.handoff.ownership.domain.LeadHistory;
import dev.baton.handoff.ownership.domain.Ownership;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a due SLA timer does: warn once when at risk; at the end of the window, breach, then reassign while
 * reassignments are left, else escalate. The lead of {@link LeadHistory#handedOffTo} is at risk at 13:00, due at 14:00.
 */
class SlaCheckTest {

    private static final Instant AT_RISK = Instant.parse("2026-03-01T13:00:00Z");
    private static final Instant DUE = Instant.parse("2026-03-01T14:00:00Z");

    @Test
    void atRiskButNotDueOnlyWarns() {
        SlaCheck check = SlaCheck.of(LeadHistory.handedOffTo("rep-ada").row(), AT_RISK, 2);

        assertThat(check.warnAtRisk()).isTrue();
        assertThat(check.breached()).isFalse();
        assertThat(check.reassign()).isFalse();
    }

    @Test
    void theWindowIsBreachedAtItsDueTimeNotBefore() {
        Ownership lead = LeadHistory.handedOffTo("rep-ada").row();

        assertThat(SlaCheck.of(lead, DUE.minusNanos(1000), 2).breached()).isFalse();
        assertThat(SlaCheck.of(lead, DUE, 2).breached()).isTrue();
    }

    @Test
    void aBreachWhoseWarningWasNotSentYetWarnsAsWell() {
        SlaCheck check = SlaCheck.of(LeadHistory.handedOffTo("rep-ada").row(), DUE.plusSeconds(60), 2);

        assertThat(check.warnAtRisk()).isTrue();
        assertThat(check.breached()).isTrue();
    }

    @Test
    void anAlreadyWarnedLeadIsNotWarnedAgain() {
        Ownership warned = LeadHistory.handedOffTo("rep-ada")
                .own("sla-at-risk", Stage.QUALIFIED, 3, Map.of()).row();

        assertThat(SlaCheck.of(warned, DUE, 2).warnAtRisk()).isFalse();
    }

    @Test
    void aBreachIsReassignedWhileReassignmentsAreLeftThenEscalated() {
        LeadHistory lead = LeadHistory.handedOffTo("rep-ada");
        assertThat(SlaCheck.of(lead.row(), DUE, 1).reassign()).isTrue();
        assertThat(SlaCheck.of(lead.row(), DUE, 0).reassign()).as("0: escalate at the first breach").isFalse();

        lead.own("sla-breached", Stage.QUALIFIED, 4, Map.of())
                .own("reassigned", Stage.QUALIFIED, 5, Map.of("fromRepId", "rep-ada", "toRepId", "rep-grace",
                        "slaDueAt", "2026-03-01T18:00:00Z", "slaAtRiskAt", "2026-03-01T17:00:00Z", "escalated", false));
        Instant secondDue = Instant.parse("2026-03-01T18:00:00Z");
        assertThat(SlaCheck.of(lead.row(), secondDue, 1).reassign()).as("the one reassignment is used").isFalse();
        assertThat(SlaCheck.of(lead.row(), secondDue, 2).reassign()).isTrue();
    }

    @Test
    void aReassignmentSkipsTheRepWhoLetTheWindowPassAndThoseBefore() {
        Ownership lead = LeadHistory.handedOffTo("rep-ada")
                .own("sla-breached", Stage.QUALIFIED, 4, Map.of())
                .own("reassigned", Stage.QUALIFIED, 5, Map.of("fromRepId", "rep-ada", "toRepId", "rep-grace",
                        "slaDueAt", "2026-03-01T18:00:00Z", "escalated", false)).row();

        assertThat(SlaCheck.excludedReps(lead)).containsExactlyInAnyOrder("rep-ada", "rep-grace");
    }
}
