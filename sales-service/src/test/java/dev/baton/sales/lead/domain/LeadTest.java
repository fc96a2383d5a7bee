package dev.baton.sales.lead.domain;

import dev.baton.contract.Owner;
import dev.baton.contract.Stage;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.baton.sales.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Sales acts on a lead only while it owns it, for the rep the handoff service assigned. */
class LeadTest {

    private static final UUID LEAD = UUID.randomUUID();

    @Test
    void salesActsForTheAssignedRepWhileItOwnsTheLead() {
        LeadState owned = new LeadState(Stage.QUALIFIED, Owner.SALES, "rep-ada");

        assertThat(owned.ownedBySalesFor("rep-ada")).isTrue();
        assertThat(owned.ownedBySalesFor("rep-grace")).isFalse();
        assertThat(owned.ownedBySalesFor(null)).isFalse();
        assertThatCode(() -> Lead.requireOwnedBySales(owned, LEAD, "rep-ada")).doesNotThrowAnyException();
    }

    @Test
    void aLeadBackWithMarketingOrAnotherRepsOrUnknownIsNotSalesToWork() {
        refused(409, "not-owned", () -> Lead.requireOwnedBySales(new LeadState(Stage.KNOWN, Owner.MARKETING, "rep-ada"),
                LEAD, "rep-ada"));
        refused(409, "not-owned", () -> Lead.requireOwnedBySales(new LeadState(Stage.QUALIFIED, Owner.SALES, "rep-grace"),
                LEAD, "rep-ada"));
        refused(409, "not-owned", () -> Lead.requireOwnedBySales(new LeadState(null, null, null), LEAD, "rep-ada"));
        assertThat(refused(409, "not-owned", () -> Lead.requireOwnedBySales(null, LEAD, "rep-ada")).getMessage())
                .contains(LEAD.toString()).contains("rep-ada");
    }

    @Test
    void theNextTransitionTakesTheLeadsNextSequenceNumber() {
        Lead lead = new Lead(LEAD, Owner.SALES, "rep-ada", 2, Stage.QUALIFIED, 7);

        assertThat(lead.nextSeq()).isEqualTo(8);
        assertThat(lead.state()).isEqualTo(new LeadState(Stage.QUALIFIED, Owner.SALES, "rep-ada"));
    }
}
