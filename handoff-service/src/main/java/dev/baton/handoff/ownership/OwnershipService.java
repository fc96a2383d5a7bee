package dev.baton.handoff.ownership;

import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.LifecycleDetails;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Stage;
import dev.baton.handoff.ownership.domain.Answer;
import dev.baton.handoff.ownership.domain.Answered;
import dev.baton.handoff.ownership.domain.HistoryEntry;
import dev.baton.handoff.ownership.domain.Ownership;
import dev.baton.handoff.ownership.persistence.OwnershipRepository;
import dev.baton.platform.admission.Reads;
import dev.baton.platform.outbox.Transactions;
import dev.baton.platform.time.Timestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;


/** Who owns a lead (now, or at a time, and every change of it), and the assignee's answer to a handoff. */
@ApplicationScoped
public class OwnershipService {

    private static final Logger LOG = Logger.getLogger(OwnershipService.class);

    private final Pool pool;
    private final Transactions transactions;
    private final OwnershipRepository registry;
    private final OwnershipTransitions transitions;
    private final Reads reads;

    public OwnershipService(Pool pool, Transactions transactions, OwnershipRepository registry,
            OwnershipTransitions transitions, Reads reads) {
        this.pool = pool;
        this.transactions = transactions;
        this.registry = registry;
        this.transitions = transitions;
        this.reads = reads;
    }

    /** The lead's row, or null when it is not registered (a bounded lookup, for clients). */
    public Uni<Ownership> find(UUID leadId) {
        return reads.lookup(client -> registry.find(client, leadId));
    }

    public Uni<List<HistoryEntry>> history(UUID leadId) {
        return reads.lookup(client -> registry.history(client, leadId));
    }

    /** The last ownership change of the lead at or before {@code at}, or null when it was not registered yet. */
    public Uni<HistoryEntry> changeAt(UUID leadId, Instant at) {
        return reads.lookup(client -> registry.changeAt(client, leadId, at));
    }

    /** An answer given through the API, in a transaction of its own. */
    public Uni<Answered> answer(UUID leadId, Answer answer, Function<Ownership, Actor> actorFor) {
        return transactions.commit(tx -> respond(tx, leadId, answer, actorFor));
    }

    /**
     * An answer to a handoff, in the caller's transaction. {@code actorFor} says who acts for the current assignee, or
     * null when the one answering is not (the answer is then refused and audited). An acceptance publishes
     * {@code accepted}; a rejection {@code rejected} then {@code recycled}, back to marketing.
     */
    public Uni<Answered> respond(SqlClient tx, UUID leadId, Answer answer, Function<Ownership, Actor> actorFor) {
        return transitions.lock(tx, leadId).flatMap(current -> {
            if (current == null) {
                LOG.warnf("%s for unknown lead %s ignored", answer.decision(), leadId);
                return Uni.createFrom().item(new Answered(Answered.Outcome.UNKNOWN_LEAD, null));
            }
            Instant now = Timestamps.now();
            Transition t = transitions.from(current);
            if (!current.status().awaitsAnswer()) {
                t.refusal(answer.caller(), answer.decision() + " refused: the lead is " + current.status()
                        + ", not awaiting an answer", answer.causationId(), now);
                return t.commit(tx).replaceWith(new Answered(Answered.Outcome.NOT_AWAITING_ANSWER, current));
            }
            Actor actor = actorFor.apply(current);
            if (actor == null) {
                t.refusal(answer.caller(), answer.decision() + " refused: " + answer.caller().id()
                        + " does not act for the assignee " + current.repId(), answer.causationId(), now);
                return t.commit(tx).replaceWith(new Answered(Answered.Outcome.NOT_ASSIGNEE, current));
            }
            String lead = leadId.toString();
            Stage stage = current.stage();
            if (answer.reason() == null) {
                t.emit(new LifecycleEvent(lead, stage, stage, actor, "accepted by " + actor.id(),
                        answer.causationId(), current.seq() + 1, now,
                        new LifecycleDetails.Accepted(current.repId(), answer.opportunityId())));
            } else {
                String code = answer.reason().name();
                CloudEvent rejected = t.emit(new LifecycleEvent(lead, stage, stage, actor, code,
                        answer.causationId(), current.seq() + 1, now,
                        new LifecycleDetails.Rejected(current.repId(), answer.reason(), answer.opportunityId())));
                t.emit(new LifecycleEvent(lead, stage, Stage.KNOWN, actor, code, rejected.id(),
                        current.seq() + 2, now, new LifecycleDetails.Recycled(code)));
            }
            return t.commit(tx).replaceWith(new Answered(Answered.Outcome.APPLIED, t.state()));
        });
    }
}
