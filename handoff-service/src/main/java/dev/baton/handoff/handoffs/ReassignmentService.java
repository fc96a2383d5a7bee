package dev.baton.handoff.handoffs;

import dev.baton.contract.Actor;
import dev.baton.contract.LifecycleDetails;
import dev.baton.contract.LifecycleEvent;
import dev.baton.handoff.ownership.OwnershipTransitions;
import dev.baton.handoff.ownership.Transition;
import dev.baton.handoff.ownership.domain.Ownership;
import dev.baton.handoff.ownership.domain.Reassignment;
import dev.baton.handoff.sla.SlaService;
import dev.baton.handoff.sla.domain.SlaWindow;
import dev.baton.platform.outbox.Transactions;
import dev.baton.platform.time.Timestamps;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

/** A manager's (or ops') reassignment of a lead sales is working on: the new rep gets a fresh SLA window. */
@ApplicationScoped
public class ReassignmentService {

    private final Transactions transactions;
    private final OwnershipTransitions transitions;
    private final SlaService sla;

    public ReassignmentService(Transactions transactions, OwnershipTransitions transitions, SlaService sla) {
        this.transactions = transactions;
        this.transitions = transitions;
        this.sla = sla;
    }

    /**
     * Publishes {@code reassigned} (policy MANUAL, by {@code actor}; the reason stays in the history) in a transaction of its own;
     * {@code mayMove} throws when the caller may not move this lead. Null for an unknown lead.
     */
    public Uni<Ownership> reassign(UUID leadId, Reassignment reassignment, Actor actor, Consumer<Ownership> mayMove) {
        return transactions.commit(tx -> transitions.lock(tx, leadId).flatMap(current -> {
            if (current == null) {
                return Uni.createFrom().nullItem();
            }
            mayMove.accept(current);
            return transitions.erased(tx, leadId).flatMap(erased -> {
                Reassignment.requireNotErased(erased, leadId);
                reassignment.requireAllowedFor(current);
                Instant now = Timestamps.now();
                SlaWindow window = sla.windowFrom(now);
                Transition t = transitions.from(current);
                String causationId = "reassign:" + UUID.randomUUID();
                t.emit(new LifecycleEvent(leadId.toString(), current.stage(), current.stage(), actor,
                        Reassignment.EVENT_REASON, causationId, current.seq() + 1, now,
                        new LifecycleDetails.Reassigned(current.repId(), reassignment.toRepId(),
                                reassignment.toTeamId(), window.dueAt(), window.atRiskAt(), false, Reassignment.POLICY)));
                t.note(actor, reassignment.reason(), causationId, now);
                return t.commit(tx).replaceWith(t.state());
            });
        }));
    }
}
