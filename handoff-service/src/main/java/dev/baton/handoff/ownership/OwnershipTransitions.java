package dev.baton.handoff.ownership;

import dev.baton.contract.Actor;
import dev.baton.handoff.ownership.domain.Ownership;
import dev.baton.handoff.ownership.domain.OwnershipProjection;
import dev.baton.handoff.ownership.persistence.OwnershipRepository;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * The only way a lead's registry row changes: a {@link Transition} started here collects the change's lifecycle
 * events, applies each to the row through {@link OwnershipProjection} (the rule the rebuild replays), and writes the
 * row, its history lines and the events (lifecycle and ownership) in the caller's transaction.
 */
@ApplicationScoped
public class OwnershipTransitions {

    private final OwnershipRepository registry;
    private final Outbox outbox;
    private final String service;

    public OwnershipTransitions(OwnershipRepository registry, Outbox outbox, BatonConfig config) {
        this.registry = registry;
        this.outbox = outbox;
        this.service = config.service();
    }

    /** The lead's row, locked for the caller's transaction (null for a lead not registered yet). */
    /** Whether the person behind the lead was erased; after {@link #lock}, it sees an erasure committed meanwhile. */
    public Uni<Boolean> erased(SqlClient tx, UUID leadId) {
        return registry.erased(tx, leadId);
    }

    public Uni<Ownership> lock(SqlClient tx, UUID leadId) {
        return registry.findForUpdate(tx, leadId);
    }

    /** A change of a row as it stands. */
    public Transition from(Ownership current) {
        return new Transition(this, current);
    }

    /** A change that starts with an event of another service, already applied by the projection. */
    public Transition from(OwnershipProjection.Step consumed) {
        Transition transition = new Transition(this, consumed.before());
        transition.applied(consumed);
        return transition;
    }

    /** This service, as the actor of what it decides itself (refusals, timers, assignments). */
    public Actor system() {
        return Actor.system(service);
    }

    String service() {
        return service;
    }

    Uni<Void> write(SqlClient tx, Transition t) {
        Uni<Void> saved = t.dirty() ? registry.save(tx, t.state()) : Uni.createFrom().voidItem();
        return saved.flatMap(v -> registry.record(tx, t.state().leadId(), t.history()))
                .flatMap(v -> outbox.append(tx, t.events()));
    }
}
