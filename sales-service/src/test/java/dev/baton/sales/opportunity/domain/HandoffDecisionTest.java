package dev.baton.sales.opportunity.domain;

import dev.baton.contract.RejectReason;
import org.junit.jupiter.api.Test;

import static dev.baton.sales.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

/** A rejection names one of the handoff service's reason codes. */
class HandoffDecisionTest {

    @Test
    void everyReasonCodeIsAccepted() {
        for (RejectReason reason : RejectReason.values()) {
            assertThat(HandoffDecision.rejectReason(reason.name())).isEqualTo(reason);
        }
    }

    @Test
    void anUnknownReasonCodeIsRefusedWithTheAllowedOnes() {
        var problem = refused(422, "unknown-reason", () -> HandoffDecision.rejectReason("TOO_BUSY"));
        assertThat(problem.getMessage()).contains("TOO_BUSY");
        assertThat(problem.toProblem("/test").extensions()).containsKey("allowed");
        refused(422, "unknown-reason", () -> HandoffDecision.rejectReason("no_need"));
    }
}
