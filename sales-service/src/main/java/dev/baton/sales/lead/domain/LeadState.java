package dev.baton.sales.lead.domain;

import dev.baton.contract.Owner;
import dev.baton.contract.Stage;

/**
 * The lead as sales sees it now: its lifecycle stage, who owns it (MARKETING or SALES) and the rep the handoff service
 * assigned; {@code null} fields while sales has not heard of it.
 */
public record LeadState(Stage stage, Owner owner, String repId) {

    /** Sales acts on a lead only while it owns it and the handoff service assigned it to {@code repId}. */
    public boolean ownedBySalesFor(String repId) {
        return owner == Owner.SALES && repId != null && repId.equals(this.repId);
    }
}
