package dev.baton.marketing.lead;

import dev.baton.contract.Actor;
import dev.baton.contract.LifecycleDetails;
import dev.baton.marketing.lead.domain.Lead;
import dev.baton.marketing.lead.domain.Merge;
import dev.baton.marketing.lead.domain.Consents;
import dev.baton.marketing.lead.persistence.ConsentRepository;
import dev.baton.marketing.lead.persistence.LeadMergeRepository;
import dev.baton.marketing.lead.persistence.LeadRepository;
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
 * Merging two leads that turned out to be one person: an explicit, audited event (see {@link Merge}). The duplicate's
 * visitors, engagement, conversions and granted consents move over, and {@code merged} is published on the
 * duplicate's lifecycle.
 */
@ApplicationScoped
public class LeadMergeService {

    private final Pool pool;
    private final Transactions transactions;
    private final LeadRepository leads;
    private final LeadMergeRepository merges;
    private final ConsentRepository consents;
    private final LeadEvents events;
    private final Outbox outbox;

    public LeadMergeService(Pool pool, Transactions transactions, LeadRepository leads, LeadMergeRepository merges,
            ConsentRepository consents, LeadEvents events, Outbox outbox) {
        this.pool = pool;
        this.transactions = transactions;
        this.leads = leads;
        this.merges = merges;
        this.consents = consents;
        this.events = events;
        this.outbox = outbox;
    }

    /** Returns the survivor after the merge. 422 for a lead merged into itself, 409 unless marketing owns both. */
    public Uni<Lead> merge(UUID survivorId, UUID duplicateId, String reason, Actor actor) {
        if (survivorId.equals(duplicateId)) {
            return Uni.createFrom().failure(ProblemException.unprocessable("same-lead", "a lead cannot be merged into itself"));
        }
        List<UUID> order = Merge.lockOrder(survivorId, duplicateId);
        return transactions.commit(tx -> leads.findForUpdate(tx, order.get(0)).flatMap(a -> leads.findForUpdate(tx, order.get(1))
                        .flatMap(b -> {
                            Lead survivor = a != null && a.leadId().equals(survivorId) ? a : b;
                            Lead duplicate = a != null && a.leadId().equals(duplicateId) ? a : b;
                            if (survivor == null) {
                                throw ProblemException.notFound("lead", survivorId.toString());
                            }
                            if (duplicate == null) {
                                throw ProblemException.notFound("lead", duplicateId.toString());
                            }
                            Merge merge = new Merge(survivor, duplicate);
                            if (!merge.allowed()) {
                                throw ProblemException.conflict("not-marketings", "both leads must be owned by marketing,"
                                        + " with no handoff on its way, and not merged already");
                            }
                            return move(tx, merge, reason, actor);
                        })))
                .flatMap(v -> leads.find(pool, survivorId));
    }

    private Uni<Void> move(SqlClient tx, Merge merge, String reason, Actor actor) {
        Instant now = Timestamps.now();
        UUID survivorId = merge.survivor().leadId();
        Lead duplicate = merge.duplicate();
        Lead survivor = merge.survivor();
        return merges.moveTouches(tx, duplicate.leadId(), survivorId)
                .flatMap(v -> consents.mergeStrictest(tx, duplicate.leadId(), survivorId, actor.id(), now))
                .flatMap(changes -> consents.current(tx, survivorId).flatMap(after -> outbox.append(tx, changes.stream()
                        .map(change -> events.lifecycle(survivorId, survivor.stage(), survivor.stage(), actor,
                                (change.granted() ? "granted" : "withdrawn") + " by merging " + duplicate.leadId(),
                                "merge-consent:" + UUID.randomUUID(), survivor.seq(), now,
                                new LifecycleDetails.ConsentChanged(change.channel().name(), change.granted(),
                                        Consents.MERGED, Consents.snapshot(after)))).toList())))
                .flatMap(v -> leads.completeProfile(tx, survivorId, duplicate.profile()))
                .flatMap(v -> merges.markMerged(tx, duplicate.leadId(), survivorId, merge.sequence(), actor.id(), reason,
                        now))
                .flatMap(v -> outbox.append(tx, events.lifecycle(duplicate.leadId(), duplicate.stage(),
                        duplicate.stage(), actor, merge.reason(), "merge:" + UUID.randomUUID(), merge.sequence(),
                        now, new LifecycleDetails.Merged(survivorId.toString()))));
    }
}
