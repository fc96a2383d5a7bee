package dev.baton.sales.lead.domain;

import dev.baton.contract.ConsentChannel;
import dev.baton.contract.Owner;
import dev.baton.contract.Stage;

import java.util.Map;

/**
 * The lead as sales sees it now: its lifecycle stage, who owns it (MARKETING or SALES), the rep the handoff service
 * assigned, and whether the person may be contacted on each channel; {@code null} fields while sales has not heard of
 * it.
 */
public record LeadState(Stage stage, Owner owner, String repId, Map<ConsentChannel, ContactPermission> contact) {

    public LeadState(Stage stage, Owner owner, String repId) {
        this(stage, owner, repId, ContactPermission.of(null));
    }

    /** Sales acts on a lead only while it owns it and the handoff service assigned it to {@code repId}. */
    public boolean ownedBySalesFor(String repId) {
        return owner == Owner.SALES && repId != null && repId.equals(this.repId);
    }
}
