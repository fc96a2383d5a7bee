package dev.baton.marketing.lead;

import dev.baton.contract.Actor;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/**
 * Merging two leads that turned out to be one person: an explicit, audited event. Nothing is deleted: the duplicate
 * stays as an alias of the survivor (its email still finds the survivor), its visitors, engagement, conversions and
 * granted consents move over, and {@code merged} is published on the duplicate's lifecycle.
 */
@ApplicationScoped
public class LeadMerge {

    private final Pool pool;
    private final LeadRepository leads;
    private final LeadEvents events;
    private final Outbox outbox;

    public LeadMerge(Pool pool, LeadRepository leads, LeadEvents events, Outbox outbox) {
        this.pool = pool;
        this.leads = leads;
        this.events = events;
        this.outbox = outbox;
    }

    public Uni<Lead> merge(UUID survivorId, UUID duplicateId, String reason, Actor actor) {
        if (survivorId.equals(duplicateId)) {
            return Uni.createFrom().failure(ProblemException.unprocessable("same-lead", "a lead cannot be merged into itself"));
        }
        // Lock both in a stable order, so that two opposite merges cannot deadlock.
        UUID first = survivorId.compareTo(duplicateId) < 0 ? survivorId : duplicateId;
        UUID second = first.equals(survivorId) ? duplicateId : survivorId;
        return pool.withTransaction(tx -> leads.findForUpdate(tx, first).flatMap(a -> leads.findForUpdate(tx, second)
                        .flatMap(b -> {
                            Lead survivor = a != null && a.leadId().equals(survivorId) ? a : b;
                            Lead duplicate = a != null && a.leadId().equals(duplicateId) ? a : b;
                            if (survivor == null) {
                                throw ProblemException.notFound("lead", survivorId.toString());
                            }
                            if (duplicate == null) {
                                throw ProblemException.notFound("lead", duplicateId.toString());
                            }
                            if (!survivor.marketingMayAct() || !duplicate.marketingMayAct()) {
                                throw ProblemException.conflict("not-marketings", "both leads must be owned by marketing,"
                                        + " with no handoff on its way, and not merged already");
                            }
                            return move(tx, survivor, duplicate, reason, actor);
                        })))
                .invoke(outbox::committed)
                .flatMap(v -> leads.find(pool, survivorId));
    }

    private Uni<Void> move(SqlClient tx, Lead survivor, Lead duplicate, String reason, Actor actor) {
        Instant now = LeadService.now();
        var at = now.atOffset(ZoneOffset.UTC);
        long seq = duplicate.seq() + 1;
        return tx.preparedQuery("UPDATE visitor SET lead_id = $1 WHERE lead_id = $2").execute(Tuple.of(survivor.leadId(), duplicate.leadId()))
                .flatMap(v -> tx.preparedQuery("UPDATE engagement SET lead_id = $1 WHERE lead_id = $2")
                        .execute(Tuple.of(survivor.leadId(), duplicate.leadId())))
                .flatMap(v -> tx.preparedQuery("UPDATE conversion SET lead_id = $1 WHERE lead_id = $2")
                        .execute(Tuple.of(survivor.leadId(), duplicate.leadId())))
                .flatMap(v -> tx.preparedQuery("INSERT INTO consent (lead_id, channel, granted, source, recorded_at)"
                                + " SELECT $1, channel, granted, 'merge:' || source, $3 FROM consent WHERE lead_id = $2 AND granted"
                                + " ON CONFLICT (lead_id, channel) DO NOTHING")
                        .execute(Tuple.of(survivor.leadId(), duplicate.leadId(), at)))
                .flatMap(v -> tx.preparedQuery("UPDATE lead SET consent_contact = EXISTS (SELECT 1 FROM consent"
                                + " WHERE consent.lead_id = $1 AND granted) WHERE lead_id = $1").execute(Tuple.of(survivor.leadId())))
                .flatMap(v -> leads.completeProfile(tx, survivor.leadId(), duplicate.profile()))
                .flatMap(v -> tx.preparedQuery("UPDATE lead SET merged_into = $1, seq = $3 WHERE lead_id = $2")
                        .execute(Tuple.of(survivor.leadId(), duplicate.leadId(), seq)))
                .flatMap(v -> tx.preparedQuery("INSERT INTO lead_alias (alias_lead_id, lead_id, actor_id, reason, merged_at)"
                                + " VALUES ($1, $2, $3, $4, $5)")
                        .execute(Tuple.of(duplicate.leadId(), survivor.leadId(), actor.id(), reason, at)))
                .flatMap(v -> outbox.append(tx, events.lifecycle("merged", duplicate.leadId(), duplicate.stage(),
                        duplicate.stage(), actor, reason == null ? "duplicate of " + survivor.leadId() : reason,
                        "merge:" + UUID.randomUUID(), seq, now, Map.of("mergedInto", survivor.leadId().toString()))));
    }
}
