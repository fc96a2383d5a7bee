package dev.baton.sales.opportunity;

import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.EventTypes;
import dev.baton.contract.HandoffResponse;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Owner;
import dev.baton.contract.RejectReason;
import dev.baton.contract.Stage;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.sales.projection.LeadView;
import dev.baton.platform.security.TeamDirectory;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The rep's side of a handoff and of the pipeline: answer the handoff, log activities, close. Only the assigned rep,
 * an assistant of theirs or their team's manager may act, and only while sales owns the lead.
 */
@ApplicationScoped
public class OpportunityService {

    private final Pool pool;
    private final OpportunityRepository opportunities;
    private final LeadView leads;
    private final TeamDirectory team;
    private final Outbox outbox;
    private final String service;

    public OpportunityService(Pool pool, OpportunityRepository opportunities, LeadView leads, TeamDirectory team,
            Outbox outbox, BatonConfig config) {
        this.pool = pool;
        this.opportunities = opportunities;
        this.leads = leads;
        this.team = team;
        this.outbox = outbox;
        this.service = config.service();
    }

    /** Sends the rep's answer to the handoff service; the opportunity opens (or closes) when it confirms. */
    public Uni<Opportunity> respond(UUID opportunityId, String decision, RejectReason reason, Caller caller) {
        return pool.withTransaction(tx -> load(tx, opportunityId).flatMap(opportunity -> {
                    Actor actor = team.actorFor(caller, opportunity.repId());
                    if (opportunity.status() != OpportunityStatus.AWAITING_RESPONSE) {
                        throw ProblemException.conflict("not-awaiting-response", "opportunity " + opportunityId + " is "
                                + opportunity.status() + "; only a handed-off opportunity can be accepted or rejected")
                                .with("status", opportunity.status().name());
                    }
                    if (opportunity.responsePending() != null) {
                        if (opportunity.responsePending().equals(decision)) {
                            return Uni.createFrom().item(opportunity); // the same answer again: already on its way
                        }
                        throw ProblemException.conflict("answer-pending", "an answer (" + opportunity.responsePending()
                                + ") is already on its way for opportunity " + opportunityId);
                    }
                    Instant now = now();
                    HandoffResponse response = new HandoffResponse(UUID.randomUUID().toString(),
                            opportunity.leadId().toString(), opportunityId.toString(), decision,
                            reason == null ? null : reason.name(), opportunity.repId(), actor, now);
                    return opportunities.setResponsePending(tx, opportunityId, decision, now)
                            .flatMap(v -> outbox.append(tx, CloudEvent.create(service, EventTypes.HANDOFF_RESPONSE,
                                    opportunity.leadId().toString(), now, response)))
                            .flatMap(v -> opportunities.find(tx, opportunityId));
                }))
                .invoke(outbox::committed);
    }

    /** Closes an accepted opportunity as WON or LOST and publishes {@code closed}; WON makes the lead a customer. */
    public Uni<Opportunity> close(UUID opportunityId, boolean won, BigDecimal amount, String reason, Caller caller) {
        if (!won && (reason == null || reason.isBlank())) {
            return Uni.createFrom().failure(ProblemException.unprocessable("reason-required",
                    "a LOST opportunity needs a reason"));
        }
        return pool.withTransaction(tx -> load(tx, opportunityId).flatMap(opportunity -> {
                    Actor actor = team.actorFor(caller, opportunity.repId());
                    if (opportunity.status() == OpportunityStatus.WON || opportunity.status() == OpportunityStatus.LOST) {
                        throw ProblemException.conflict("already-closed", "opportunity " + opportunityId
                                + " is already closed as " + opportunity.status());
                    }
                    if (opportunity.status() != OpportunityStatus.OPEN) {
                        throw ProblemException.conflict("not-open", "opportunity " + opportunityId + " is "
                                + opportunity.status() + "; accept it before closing it")
                                .with("status", opportunity.status().name());
                    }
                    return leads.findForUpdate(tx, opportunity.leadId()).flatMap(lead -> {
                        if (lead == null || lead.owner() != Owner.SALES || !opportunity.repId().equals(lead.repId())) {
                            throw ProblemException.conflict("not-owned", "sales does not own lead "
                                    + opportunity.leadId() + " (or it is not assigned to " + opportunity.repId() + ")");
                        }
                        Instant now = now();
                        long seq = lead.seq() + 1;
                        Map<String, Object> details = new HashMap<>();
                        details.put("outcome", won ? "WON" : "LOST");
                        details.put("amount", amount);
                        details.put("opportunityId", opportunityId.toString());
                        details.put("repId", opportunity.repId());
                        CloudEvent closed = new LifecycleEvent(lead.leadId().toString(), "closed", lead.stage(),
                                Stage.CLOSED, actor, won ? "won" : reason, "close:" + UUID.randomUUID(), seq, now,
                                details).toCloudEvent(service);
                        Uni<Void> steps = opportunities.close(tx, opportunityId,
                                        won ? OpportunityStatus.WON : OpportunityStatus.LOST, amount, reason, now)
                                .flatMap(v -> leads.advance(tx, lead.leadId(), Stage.CLOSED, seq))
                                .flatMap(v -> outbox.append(tx, closed));
                        if (won) {
                            steps = steps.flatMap(v -> tx.preparedQuery("INSERT INTO customer (lead_id, rep_id, status,"
                                            + " won_at, updated_at) VALUES ($1, $2, 'WON', $3, $3)")
                                    .execute(Tuple.of(lead.leadId(), opportunity.repId(),
                                            now.atOffset(java.time.ZoneOffset.UTC)))
                                    .replaceWithVoid());
                        }
                        return steps.flatMap(v -> opportunities.find(tx, opportunityId));
                    });
                }))
                .invoke(outbox::committed);
    }

    /** An opportunity the caller may see: 404 when it does not exist, 403 when it is another rep's. */
    public Uni<Opportunity> visible(UUID opportunityId, Caller caller) {
        return load(pool, opportunityId).map(opportunity -> {
            if (!caller.hasRole(dev.baton.platform.security.Roles.OPS)) {
                team.actorFor(caller, opportunity.repId());
            }
            return opportunity;
        });
    }

    private Uni<Opportunity> load(SqlClient client, UUID opportunityId) {
        return (client instanceof Pool p ? opportunities.find(p, opportunityId)
                : opportunities.findForUpdate(client, opportunityId))
                .map(opportunity -> {
                    if (opportunity == null) {
                        throw ProblemException.notFound("opportunity", opportunityId.toString());
                    }
                    return opportunity;
                });
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
