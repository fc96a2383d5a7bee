package dev.baton.sales.opportunity;

import dev.baton.contract.LifecycleDetails;
import dev.baton.contract.LifecycleEvent;
import dev.baton.platform.consumer.ApplyOnce;
import dev.baton.platform.consumer.LeadSequence;
import dev.baton.platform.time.Timestamps;
import dev.baton.sales.access.SalesAccess;
import dev.baton.sales.customer.CustomerService;
import dev.baton.sales.lead.persistence.LeadViewRepository;
import dev.baton.sales.opportunity.domain.Opportunity;
import dev.baton.sales.opportunity.domain.OpportunityStatus;
import dev.baton.sales.opportunity.persistence.OpportunityRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/**
 * What sales learns from the lifecycle: a handoff creates an opportunity for the assigned rep; the handoff service's
 * verdict on the rep's answer opens or closes it; a reassignment (SLA breach) moves it to another rep. Every transition
 * also moves sales' view of the lead, in the lead's order.
 */
@ApplicationScoped
public class HandoffService {

    private final LeadViewRepository leads;
    private final OpportunityRepository opportunities;
    private final CustomerService customers;
    private final SalesAccess access;

    public HandoffService(LeadViewRepository leads, OpportunityRepository opportunities, CustomerService customers,
            SalesAccess access) {
        this.leads = leads;
        this.opportunities = opportunities;
        this.customers = customers;
        this.access = access;
    }

    /**
     * Applies a lifecycle transition in the consumer's transaction; one the lead is already past changes nothing. The
     * person's consent, which marketing publishes with a handoff request and with every change, is kept as it comes:
     * a {@code consent-changed} repeats marketing's last number, which may be behind the lead's, and applies in topic
     * order whatever its number.
     */
    public Uni<Void> apply(SqlClient tx, LifecycleEvent event) {
        UUID leadId = ApplyOnce.leadId(event.leadId());
        if (event.details() instanceof LifecycleDetails.ConsentChanged changed) {
            // Kept only for a lead sales already knows; a later handoff request carries the snapshot anyway.
            return changed.channels() == null ? Uni.createFrom().voidItem()
                    : leads.updateConsent(tx, leadId, changed.channels());
        }
        return leads.findForUpdate(tx, leadId).flatMap(lead -> {
            if (lead != null && LeadSequence.alreadyApplied(event, lead.seq())) {
                return Uni.createFrom().voidItem();
            }
            Uni<Void> consent = event.details() instanceof LifecycleDetails.HandoffAsked asked
                    && asked.channels() != null
                    ? leads.recordConsent(tx, leadId, event.to(), asked.channels())
                    : Uni.createFrom().voidItem();
            return consent.flatMap(v -> leads.advance(tx, leadId, event.to(), event.sequence()))
                    .flatMap(v -> applyToOpportunities(tx, leadId, event));
        });
    }

    private Uni<Void> applyToOpportunities(SqlClient tx, UUID leadId, LifecycleEvent event) {
        Instant now = Timestamps.now();
        return switch (event.type()) {
            case HANDED_OFF -> {
                LifecycleDetails.HandedOff handedOff = event.details(LifecycleDetails.HandedOff.class);
                yield assign(tx, leadId, handedOff.repId(), handedOff.teamId(), handedOff.slaDueAt(),
                        handedOff.slaAtRiskAt(), now);
            }
            case REASSIGNED -> {
                // After an SLA breach the handoff service gives the lead to another rep (or escalates it to a manager):
                // the old rep's opportunity is REASSIGNED, the new assignee gets one awaiting their answer.
                LifecycleDetails.Reassigned reassigned = event.details(LifecycleDetails.Reassigned.class);
                yield assign(tx, leadId, reassigned.toRepId(), reassigned.teamId(), reassigned.slaDueAt(),
                        reassigned.slaAtRiskAt(), now);
            }
            case ACCEPTED -> confirm(tx, leadId, OpportunityStatus.OPEN, event, now);
            case REJECTED -> confirm(tx, leadId, OpportunityStatus.REJECTED, event, now);
            default -> Uni.createFrom().voidItem();
        };
    }

    /** A new opportunity awaiting {@code repId}'s answer; the lead's previous active one (another rep's) is REASSIGNED. */
    private Uni<Void> assign(SqlClient tx, UUID leadId, String repId, String team, Instant due, Instant atRisk,
            Instant now) {
        String teamId = team != null ? team : access.teamOfAssignee(repId);
        return opportunities.activeForLead(tx, leadId).flatMap(previous -> customers.referrerOf(tx, leadId)
                .flatMap(referrer -> {
                    Opportunity opportunity = Opportunity.handedOff(leadId, repId, teamId, referrer, due, now);
                    Uni<Void> retire = previous == null ? Uni.createFrom().voidItem()
                            : opportunities.setStatus(tx, previous.opportunityId(), OpportunityStatus.REASSIGNED, null, now);
                    return retire.flatMap(v -> opportunities.insert(tx, opportunity))
                            .flatMap(v -> atRisk == null ? Uni.createFrom().voidItem()
                                    : opportunities.setSlaAtRisk(tx, opportunity.opportunityId(), atRisk));
                }));
    }

    /** The handoff service confirmed the rep's answer: the lead's active opportunity is OPEN or REJECTED. */
    private Uni<Void> confirm(SqlClient tx, UUID leadId, OpportunityStatus status, LifecycleEvent event, Instant now) {
        String actorId = event.actor() == null ? null : event.actor().id();
        return opportunities.activeForLead(tx, leadId).flatMap(o -> o == null
                ? Uni.createFrom().voidItem()
                : opportunities.confirm(tx, o.opportunityId(), status, actorId, now));
    }
}
