package dev.baton.handoff.ownership.domain;

import dev.baton.contract.Stage;
import dev.baton.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which leads a manager may move, to whom, and what a manual move does to the registry row. */
class ReassignmentTest {

    @Test
    void aLeadSalesWorksOnMovesToAnotherKnownRep() {
        Ownership handedOff = LeadHistory.handedOffTo("rep-amelie").row();

        assertThatCode(() -> new Reassignment("rep-dieter", "team-north", "holiday").requireAllowedFor(handedOff))
                .doesNotThrowAnyException();
        refused(422, "unknown-rep", () -> new Reassignment("rep-nobody", null, "x").requireKnownRep());
        refused(409, "already-assigned", () -> new Reassignment("rep-amelie", "team-north", "x")
                .requireAllowedFor(handedOff));
        Ownership marketings = new LeadHistory().foreign("identified", Stage.KNOWN, 1, Map.of()).row();
        refused(409, "not-sales-work", () -> new Reassignment("rep-dieter", "team-north", "x")
                .requireAllowedFor(marketings));
    }

    @Test
    void aManualMoveOpensAFreshWindowAndDoesNotCountAsAnSlaReassignment() {
        LeadHistory lead = LeadHistory.handedOffTo("rep-amelie")
                .own("sla-breached", Stage.QUALIFIED, 4, Map.of("repId", "rep-amelie", "slaDueAt", "2026-03-01T14:00:00Z"))
                .own("reassigned", Stage.QUALIFIED, 5, Map.of("fromRepId", "rep-amelie", "toRepId", "rep-dieter",
                        "slaDueAt", "2026-03-01T18:00:00Z", "slaAtRiskAt", "2026-03-01T17:00:00Z", "escalated", false,
                        "policy", "TERRITORY"));
        assertThat(lead.row().reassignments()).isEqualTo(1);

        lead.own("reassigned", Stage.QUALIFIED, 6, Map.of("fromRepId", "rep-dieter", "toRepId", "rep-kenji",
                "slaDueAt", "2026-03-01T20:00:00Z", "slaAtRiskAt", "2026-03-01T19:00:00Z", "escalated", false,
                "policy", Reassignment.POLICY));

        assertThat(lead.row().repId()).isEqualTo("rep-kenji");
        assertThat(lead.row().status()).isEqualTo(HandoffStatus.HANDED_OFF);
        assertThat(lead.row().reassignments()).isZero();
        assertThat(lead.row().triedReps()).containsExactly("rep-amelie", "rep-dieter");
        assertThat(lead.last().ownershipChanged()).isTrue();
    }

    private static void refused(int status, String slug, Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.toProblem(null).type).endsWith(slug);
        });
    }
}
