package dev.baton.sales.lead;

import dev.baton.contract.OwnershipChanged;
import dev.baton.platform.consumer.ApplyOnce;
import dev.baton.sales.lead.persistence.LeadViewRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/** Keeps sales' view of who owns each lead: the ownership topic tells sales which leads it may act on. */
@ApplicationScoped
public class LeadViewService {

    private final LeadViewRepository leads;

    public LeadViewService(LeadViewRepository leads) {
        this.leads = leads;
    }

    /** Applies an ownership change in the consumer's transaction; an older version than the one known changes nothing. */
    public Uni<Void> applyOwnership(SqlClient tx, OwnershipChanged ownership) {
        return leads.applyOwnership(tx, ApplyOnce.leadId(ownership.leadId()), ownership.owner(), ownership.repId(),
                ownership.version());
    }
}
