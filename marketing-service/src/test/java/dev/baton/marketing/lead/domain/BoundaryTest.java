package dev.baton.marketing.lead.domain;

import dev.baton.contract.Owner;
import dev.baton.contract.Stage;
import org.junit.jupiter.api.Test;

import static dev.baton.marketing.lead.domain.LeadExamples.LEAD;
import static dev.baton.marketing.lead.domain.LeadExamples.OTHER;
import static org.assertj.core.api.Assertions.assertThat;

/** The boundary between marketing and sales on one lead: who holds it, and what a refused action says. */
class BoundaryTest {

    @Test
    void marketingActsOnlyOnALeadItOwnsWithNoHandoffOnItsWayAndNotMerged() {
        assertThat(LeadExamples.known().marketingMayAct()).isTrue();
        assertThat(LeadExamples.ownedBySales().marketingMayAct()).as("ownership record says SALES").isFalse();
        assertThat(LeadExamples.handedOff().marketingMayAct()).as("handed-off says SALES").isFalse();
        assertThat(LeadExamples.pending().marketingMayAct()).as("handoff pending").isFalse();
        assertThat(LeadExamples.mergedInto(OTHER).marketingMayAct()).as("an alias").isFalse();
    }

    @Test
    void salesHoldsTheLeadAsSoonAsEitherTopicSaysSo() {
        assertThat(LeadExamples.ownedBySales().boundaryOwner()).isEqualTo(Owner.SALES);
        assertThat(LeadExamples.handedOff().boundaryOwner()).isEqualTo(Owner.SALES);
        assertThat(LeadExamples.pending().boundaryOwner()).isEqualTo(Owner.MARKETING);
    }

    @Test
    void aRefusalNamesWhoHoldsTheLeadAndTheActionRefused() {
        BoundaryRefusal sales = BoundaryRefusal.of(LeadExamples.ownedBySales(), "FOLLOW_UP");
        assertThat(sales.owner()).isEqualTo("SALES");
        assertThat(sales.detail()).isEqualTo("lead " + LEAD + " is owned by sales; marketing may not follow up it");

        BoundaryRefusal merged = BoundaryRefusal.of(LeadExamples.mergedInto(OTHER), "QUALIFY");
        assertThat(merged.owner()).isEqualTo("MERGED");
        assertThat(merged.detail()).isEqualTo("lead " + LEAD + " was merged into " + OTHER + "; marketing may not qualify it");

        BoundaryRefusal pending = BoundaryRefusal.of(LeadExamples.pending(), "HANDOFF_REQUEST");
        assertThat(pending.owner()).isEqualTo("HANDOFF_PENDING");
        assertThat(pending.detail()).endsWith(" is being handed off to sales; marketing may not handoff request it");
    }

    @Test
    void salesOwningAMergedLeadIsReportedAsSales() {
        Lead lead = LeadExamples.lead(LEAD, Stage.KNOWN, Owner.SALES, Owner.MARKETING, false, true, OTHER, null);
        assertThat(BoundaryRefusal.of(lead, "NURTURE").owner()).isEqualTo("SALES");
    }

    @Test
    void retentionGoesToCustomersOnly() {
        assertThat(LeadExamples.inStage(Stage.RETAINED).isCustomer()).isTrue();
        assertThat(LeadExamples.lead(LEAD, Stage.CLOSED, Owner.SALES, Owner.SALES, false, true, null, "WON")
                .isCustomer()).isTrue();
        assertThat(LeadExamples.lead(LEAD, Stage.CLOSED, Owner.SALES, Owner.SALES, false, true, null, "LOST")
                .isCustomer()).isFalse();
        assertThat(LeadExamples.inStage(Stage.QUALIFIED).isCustomer()).isFalse();
    }

    @Test
    void anOutcomeIsEitherDoneOrRefused() {
        ActionOutcome<String> done = ActionOutcome.done("sent");
        ActionOutcome<String> refused = ActionOutcome.refused(BoundaryRefusal.of(LeadExamples.pending(), "NURTURE"));

        assertThat(done).isEqualTo(new ActionOutcome.Done<>("sent"));
        assertThat(refused).isInstanceOfSatisfying(ActionOutcome.Refused.class,
                r -> assertThat(r.refusal().owner()).isEqualTo("HANDOFF_PENDING"));
    }
}
