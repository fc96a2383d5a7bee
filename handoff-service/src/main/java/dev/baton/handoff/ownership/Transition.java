package dev.baton.handoff.ownership;

import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.EventTypes;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.OwnershipChanged;
import dev.baton.handoff.ownership.domain.HistoryLine;
import dev.baton.handoff.ownership.domain.Ownership;
import dev.baton.handoff.ownership.domain.OwnershipProjection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The events, history lines and final row of one lead's change, written together by {@link #commit}. */
public final class Transition {

    private final OwnershipTransitions transitions;
    private Ownership state;
    private boolean dirty;
    private final List<HistoryLine> history = new ArrayList<>();
    private final List<CloudEvent> events = new ArrayList<>();

    Transition(OwnershipTransitions transitions, Ownership current) {
        this.transitions = transitions;
        this.state = current;
    }

    /** The row as the change has left it so far. */
    public Ownership state() {
        return state;
    }

    /** Publishes a lifecycle event of this service and applies it to the row. */
    public CloudEvent emit(LifecycleEvent event) {
        CloudEvent cloudEvent = event.toCloudEvent(transitions.service());
        events.add(cloudEvent);
        OwnershipProjection.Step step = OwnershipProjection.apply(state, event, cloudEvent.id(), true);
        if (step.ignored()) {
            throw new IllegalStateException("event " + event.type() + " #" + event.sequence() + " does not apply");
        }
        applied(step);
        return cloudEvent;
    }

    /** Records a refused handoff or answer: the row does not change, the history says who was refused and why. */
    public void refusal(Actor actor, String reason, String causationId, Instant at) {
        history.add(HistoryLine.refusal(state, actor, reason, causationId, at));
    }

    /** Keeps a user's own words on the change in the history only: no topic carries them, so an erasure can. */
    public void note(Actor actor, String note, String causationId, Instant at) {
        if (note != null && !note.isBlank()) {
            history.add(HistoryLine.note(state, actor, note, causationId, at));
        }
    }

    /** Writes the row, the history and the events in the caller's transaction. */
    public Uni<Void> commit(SqlClient tx) {
        return transitions.write(tx, this);
    }

    void applied(OwnershipProjection.Step step) {
        state = step.after();
        dirty = true;
        HistoryLine line = step.historyLine();
        if (line != null) {
            history.add(line);
        }
        if (step.ownershipChanged()) {
            OwnershipProjection.Change change = step.change();
            OwnershipChanged data = new OwnershipChanged(state.leadId().toString(), state.owner(), state.repId(),
                    state.status().name(), state.slaDueAt(), state.version(), change.actor(), change.reason(),
                    change.causationId(), change.occurredAt());
            events.add(CloudEvent.create(transitions.service(), EventTypes.OWNERSHIP_CHANGED,
                    state.leadId().toString(), change.occurredAt(), data));
        }
    }

    boolean dirty() {
        return dirty;
    }

    List<HistoryLine> history() {
        return history;
    }

    List<CloudEvent> events() {
        return events;
    }
}
