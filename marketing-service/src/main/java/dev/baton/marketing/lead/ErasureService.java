package dev.baton.marketing.lead;

import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.LifecycleDetails;
import dev.baton.contract.LifecycleEvent;
import dev.baton.marketing.lead.domain.Emails;
import dev.baton.marketing.lead.domain.Erasure;
import dev.baton.marketing.lead.persistence.ErasureRepository;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.outbox.Transactions;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.time.Timestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A person's erasure (right to be forgotten). Marketing, which owns identity, erases its own data and publishes
 * {@code erased} for each of the person's lead ids in the same transaction; the other services erase theirs and confirm
 * with {@code erasure-confirmed}, which completes the erasure. Ids, stages, times and owners stay, so the figures do not
 * change.
 */
@ApplicationScoped
public class ErasureService {

    private final Transactions transactions;
    private final ErasureRepository erasures;
    private final Outbox outbox;
    private final LeadEvents events;
    private final Pool pool;

    public ErasureService(Transactions transactions, ErasureRepository erasures, Outbox outbox, LeadEvents events,
            Pool pool) {
        this.transactions = transactions;
        this.erasures = erasures;
        this.outbox = outbox;
        this.events = events;
        this.pool = pool;
    }

    /** Erases the person a lead id or an email names. 404 for an unknown person; 409 already-erased for a lead id. */
    public Uni<Erasure> request(UUID leadId, String email, Actor actor) {
        String normalised = leadId == null ? Emails.normalise(email) : null;
        UUID erasureId = UUID.randomUUID();
        Instant now = Timestamps.now();
        return transactions.commit(tx -> erasures.personForUpdate(tx, leadId, normalised).flatMap(person -> {
            if (person.isEmpty()) {
                return leadId == null ? Uni.createFrom().failure(ProblemException.notFound("person", "with this email"))
                        : alreadyErased(tx, leadId);
            }
            List<UUID> ids = person.stream().map(Erasure.Subject::leadId).toList();
            List<CloudEvent> erased = person.stream().map(subject -> events.lifecycle(subject.leadId(),
                    subject.stage(), subject.stage(), actor, "erasure requested", "erasure:" + erasureId,
                    subject.seq(), now, new LifecycleDetails.Erased(erasureId.toString()))).toList();
            return erasures.erase(tx, ids, now)
                    .flatMap(v -> erasures.insert(tx, erasureId, ids, actor.id(), now))
                    .flatMap(v -> outbox.append(tx, erased));
        })).flatMap(v -> find(erasureId));
    }

    private Uni<Void> alreadyErased(SqlClient tx, UUID leadId) {
        return erasures.erasureOf(tx, leadId).map(existing -> {
            if (existing == null) {
                throw ProblemException.notFound("lead", leadId.toString());
            }
            throw ProblemException.conflict("already-erased", "lead " + leadId + " was erased already")
                    .with("erasureId", existing.toString());
        });
    }

    /** Null for an unknown erasure. */
    public Uni<Erasure> find(UUID erasureId) {
        return erasures.find(pool, erasureId);
    }

    /** Records another service's confirmation, in the transaction that records the event as processed. */
    public Uni<Void> confirm(SqlClient tx, LifecycleEvent event) {
        LifecycleDetails.ErasureConfirmed confirmed = event.details(LifecycleDetails.ErasureConfirmed.class);
        if (!Erasure.CONFIRMING.contains(confirmed.service()) || event.actor() == null
                || !confirmed.service().equals(event.actor().id())) {
            return Uni.createFrom().voidItem(); // only a service confirms its own part
        }
        UUID erasureId;
        try {
            erasureId = UUID.fromString(confirmed.erasureId());
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().voidItem(); // not one of ours: nothing to confirm
        }
        return erasures.confirm(tx, erasureId, UUID.fromString(event.leadId()), confirmed.service(),
                        Timestamps.now(), Erasure.CONFIRMING.size())
                .flatMap(completed -> completed ? erasures.sweep(tx, erasureId) : Uni.createFrom().voidItem());
    }
}
