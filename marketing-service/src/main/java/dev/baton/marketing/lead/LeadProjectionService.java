package dev.baton.marketing.lead;

import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.OwnershipChanged;
import dev.baton.marketing.lead.domain.LifecycleChange;
import dev.baton.marketing.lead.persistence.LeadRepository;
import dev.baton.platform.consumer.ApplyOnce;
import dev.baton.platform.consumer.LeadSequence;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * Marketing's view of what the other services did to its leads: the stage moves made by handoff and sales (from
 * {@code lead.lifecycle.v1}) and the owner (from {@code lead.ownership.v1}), applied in per-lead order (an older
 * sequence or ownership version changes nothing). Both topics say who owns the lead ({@code handed-off} and
 * {@code recycled} on one, the ownership record on the other) and arrive in either order: each is kept in its own
 * column, and the boundary holds while either says SALES ({@code Lead#boundaryOwner}).
 */
@ApplicationScoped
public class LeadProjectionService {

    private final LeadRepository leads;

    public LeadProjectionService(LeadRepository leads) {
        this.leads = leads;
    }

    /** Applies another service's lifecycle transition, in the transaction that records it as processed. */
    public Uni<Void> applyLifecycle(SqlClient tx, LifecycleEvent event) {
        UUID leadId = ApplyOnce.leadId(event.leadId());
        return leads.findToProject(tx, leadId).flatMap(lead -> {
            if (lead == null) {
                // A lead marketing never knew: nothing to project.
                return Uni.createFrom().voidItem();
            }
            if (LeadSequence.alreadyApplied(event, lead.seq())) {
                return Uni.createFrom().voidItem();
            }
            LifecycleChange change = LifecycleChange.of(event);
            boolean pending = change.handoffPendingAfter(lead.handoffPending());
            Uni<Void> outcome = change.closes()
                    ? leads.recordOutcome(tx, leadId, change.outcome(), change.amount())
                    : Uni.createFrom().voidItem();
            Uni<Void> owned = change.answersHandoff()
                    ? leads.recordHandoffAnswer(tx, leadId, change.lifecycleOwner(), change.refusal())
                    : Uni.createFrom().voidItem();
            return outcome
                    .flatMap(v -> owned)
                    .flatMap(v -> change.movesStage()
                            ? leads.moveStage(tx, leadId, event.to(), event.sequence(), pending, event.occurredAt())
                            : leads.setSequence(tx, leadId, event.sequence(), pending))
                    .flatMap(v -> change.movesStage()
                            ? leads.recordStage(tx, leadId, event.sequence(), event.type(), event.from(), event.to(),
                            event.occurredAt())
                            : Uni.createFrom().voidItem());
        });
    }

    /** Applies a newer ownership version; older versions change nothing. */
    public Uni<Void> applyOwnership(SqlClient tx, OwnershipChanged ownership) {
        return leads.applyOwnership(tx, ApplyOnce.leadId(ownership.leadId()), ownership.owner(), ownership.repId(),
                ownership.version()).replaceWithVoid();
    }
}
