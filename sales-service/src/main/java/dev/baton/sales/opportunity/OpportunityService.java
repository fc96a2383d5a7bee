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
import dev.baton.platform.security.Roles;
import dev.baton.platform.security.TeamDirectory;
import dev.baton.sales.customer.CustomerService;
import dev.baton.sales.customer.RetentionKind;
import dev.baton.sales.projection.LeadView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The rep's side of a handoff and of the pipeline: answer the handoff, move the stage, close. Only the assigned rep,
 * an assistant of theirs or their team's manager may act, and only while sales owns the lead. Every change is recorded
 * with who made it and for which rep, and its events go to the outbox in the same transaction.
 */
@ApplicationScoped
public class OpportunityService {

    private final Pool pool;
    private final OpportunityRepository opportunities;
    private final LeadView leads;
    private final TeamDirectory team;
    private final CustomerService customers;
    private final Outbox outbox;
    private final String service;

    public OpportunityService(Pool pool, OpportunityRepository opportunities, LeadView leads, TeamDirectory team,
            CustomerService customers, Outbox outbox, BatonConfig config) {
        this.pool = pool;
        this.opportunities = opportunities;
        this.leads = leads;
        this.team = team;
        this.customers = customers;
        this.outbox = outbox;
        this.service = config.service();
    }

    /** An open opportunity, locked, and the caller acting on it (for the rep it belongs to). */
    public record Acting(Opportunity opportunity, Actor actor) {
    }

    /**
     * Locks an opportunity for a change by the caller: 404 when it does not exist, 403 when the caller may not act for
     * its rep, 409 when it is not OPEN (closed, not yet accepted...) or sales does not own the lead (or not for this
     * rep).
     */
    public Uni<Acting> openForWork(SqlClient tx, UUID opportunityId, Caller caller) {
        return load(tx, opportunityId).map(opportunity -> {
            Actor actor = team.actorFor(caller, opportunity.repId());
            if (opportunity.isClosed()) {
                throw ProblemException.conflict("already-closed", "opportunity " + opportunityId
                        + " is already closed as " + opportunity.status()).with("opportunityStatus", opportunity.status().name());
            }
            if (opportunity.status() != OpportunityStatus.OPEN) {
                throw ProblemException.conflict("not-open", "opportunity " + opportunityId + " is "
                        + opportunity.status() + "; only an accepted, open opportunity can be worked")
                        .with("opportunityStatus", opportunity.status().name());
            }
            requireOwned(opportunity.lead(), opportunity);
            return new Acting(opportunity, actor);
        });
    }

    /** Sends the rep's answer to the handoff service; the opportunity opens (or closes) when it confirms. */
    public Uni<Opportunity> respond(UUID opportunityId, String decision, RejectReason reason, Caller caller) {
        return pool.withTransaction(tx -> load(tx, opportunityId).flatMap(opportunity -> {
                    Actor actor = team.actorFor(caller, opportunity.repId());
                    if (opportunity.status() != OpportunityStatus.AWAITING_RESPONSE) {
                        throw ProblemException.conflict("not-awaiting-response", "opportunity " + opportunityId + " is "
                                + opportunity.status() + "; only a handed-off opportunity can be accepted or rejected")
                                .with("opportunityStatus", opportunity.status().name());
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
                    return opportunities.setResponsePending(tx, opportunityId, decision, actor.id(), now)
                            .flatMap(v -> outbox.append(tx, CloudEvent.create(service, EventTypes.HANDOFF_RESPONSE,
                                    opportunity.leadId().toString(), now, response)))
                            .flatMap(v -> opportunities.find(tx, opportunityId));
                }))
                .invoke(outbox::committed);
    }

    /**
     * Moves an open opportunity in the pipeline (a move back needs a reason), records the move and publishes
     * {@code opportunity-stage-changed} on {@code sales.pipeline.v1}. The lead stays QUALIFIED: no lifecycle event.
     */
    public Uni<Opportunity> moveStage(UUID opportunityId, StageChangeRequest request, Caller caller) {
        return pool.withTransaction(tx -> openForWork(tx, opportunityId, caller).flatMap(acting -> {
                    Opportunity o = acting.opportunity();
                    if (request.stage() == o.pipelineStage()) {
                        throw ProblemException.conflict("same-stage", "opportunity " + opportunityId
                                + " is already at " + o.pipelineStage()).with("pipelineStage", o.pipelineStage().name());
                    }
                    boolean back = request.stage().ordinal() < o.pipelineStage().ordinal();
                    if (back && (request.reason() == null || request.reason().isBlank())) {
                        throw ProblemException.unprocessable("reason-required", "moving back from "
                                + o.pipelineStage() + " to " + request.stage() + " needs a reason");
                    }
                    Instant now = now();
                    StageChange change = new StageChange(UUID.randomUUID(), opportunityId, o.pipelineStage().name(),
                            request.stage().name(), request.amount(), request.expectedCloseDate(), blankToNull(request.reason()),
                            acting.actor().id(), o.repId(), now);
                    return opportunities.moveStage(tx, opportunityId, request.stage(), request.amount(),
                                    request.expectedCloseDate(), now)
                            .flatMap(v -> opportunities.recordStageChange(tx, change))
                            .flatMap(v -> opportunities.find(tx, opportunityId))
                            .flatMap(updated -> outbox.append(tx, pipelineEvent(updated, change, acting.actor()))
                                    .replaceWith(updated));
                }))
                .invoke(outbox::committed);
    }

    /**
     * Closes an open opportunity as WON or LOST: records the end of its pipeline and publishes it on
     * {@code sales.pipeline.v1}. A handed-off lead's opportunity also publishes {@code closed} on the lifecycle, and WON
     * makes the lead a customer; a cross-sell won counts as a repeat purchase of the customer (RETAINED).
     */
    public Uni<Opportunity> close(UUID opportunityId, boolean won, BigDecimal amount, String reason, Caller caller) {
        if (!won && (reason == null || reason.isBlank())) {
            return Uni.createFrom().failure(ProblemException.unprocessable("reason-required",
                    "a LOST opportunity needs a reason"));
        }
        return pool.withTransaction(tx -> openForWork(tx, opportunityId, caller).flatMap(acting -> {
                    Opportunity opportunity = acting.opportunity();
                    Actor actor = acting.actor();
                    Instant now = now();
                    OpportunityStatus outcome = won ? OpportunityStatus.WON : OpportunityStatus.LOST;
                    StageChange end = new StageChange(UUID.randomUUID(), opportunityId,
                            opportunity.pipelineStage().name(), outcome.name(), amount, null, blankToNull(reason),
                            actor.id(), opportunity.repId(), now);
                    Uni<Void> recorded = opportunities.close(tx, opportunityId, outcome, amount, blankToNull(reason), now)
                            .flatMap(v -> opportunities.recordStageChange(tx, end))
                            .flatMap(v -> opportunities.find(tx, opportunityId))
                            .flatMap(closed -> outbox.append(tx, pipelineEvent(closed, end, actor)));
                    Uni<Void> lifecycle = opportunity.kind() == OpportunityKind.CROSS_SELL
                            ? (won ? customers.retainIn(tx, opportunity.leadId(), RetentionKind.REPEAT_PURCHASE,
                                    "cross-sell won: " + opportunity.title(), caller).replaceWithVoid()
                                    : Uni.createFrom().voidItem())
                            : closeLead(tx, opportunity, won, amount, reason, actor, now);
                    return recorded.flatMap(v -> lifecycle).flatMap(v -> opportunities.find(tx, opportunityId));
                }))
                .invoke(outbox::committed);
    }

    /** QUALIFIED to CLOSED on the lifecycle, with the lead's next sequence number; WON makes it a customer. */
    private Uni<Void> closeLead(SqlClient tx, Opportunity opportunity, boolean won, BigDecimal amount, String reason,
            Actor actor, Instant now) {
        return leads.findForUpdate(tx, opportunity.leadId()).flatMap(lead -> {
            requireOwned(lead == null ? null : new Opportunity.LeadState(lead.stage(), lead.owner(), lead.repId()),
                    opportunity);
            long seq = lead.seq() + 1;
            Map<String, Object> details = new HashMap<>();
            details.put("outcome", won ? "WON" : "LOST");
            if (amount != null) {
                details.put("amount", amount); // event details hold no nulls (LifecycleEvent copies them)
            }
            details.put("opportunityId", opportunity.opportunityId().toString());
            details.put("repId", opportunity.repId());
            CloudEvent closed = new LifecycleEvent(lead.leadId().toString(), "closed", lead.stage(), Stage.CLOSED, actor,
                    won ? "won" : reason, "close:" + opportunity.opportunityId(), seq, now, details)
                    .toCloudEvent(service);
            Uni<Void> steps = leads.advance(tx, lead.leadId(), Stage.CLOSED, seq).flatMap(v -> outbox.append(tx, closed));
            if (!won) {
                return steps;
            }
            // A lead won again after a churn becomes a customer again.
            return steps.flatMap(v -> tx.preparedQuery("INSERT INTO customer (lead_id, rep_id, status, won_at, updated_at)"
                            + " VALUES ($1, $2, 'WON', $3, $3) ON CONFLICT (lead_id) DO UPDATE SET rep_id = EXCLUDED.rep_id,"
                            + " status = 'WON', won_at = EXCLUDED.won_at, updated_at = EXCLUDED.updated_at,"
                            + " churned_at = NULL, churn_reason = NULL, churned_by = NULL")
                    .execute(Tuple.of(lead.leadId(), opportunity.repId(), OpportunityRepository.utc(now)))
                    .replaceWithVoid());
        });
    }

    /** The recorded pipeline moves of an opportunity the caller may see. */
    public Uni<List<StageChange>> stageChanges(UUID opportunityId, Caller caller) {
        return visible(opportunityId, caller).flatMap(o -> opportunities.stageChanges(pool, opportunityId));
    }

    /** An opportunity the caller may see: 404 when it does not exist, 403 when it is another rep's. */
    public Uni<Opportunity> visible(UUID opportunityId, Caller caller) {
        return load(pool, opportunityId).map(opportunity -> {
            if (!caller.hasRole(Roles.OPS)) {
                team.actorFor(caller, opportunity.repId());
            }
            return opportunity;
        });
    }

    private CloudEvent pipelineEvent(Opportunity o, StageChange change, Actor actor) {
        return CloudEvent.create(service, EventTypes.OPPORTUNITY_STAGE_CHANGED, o.leadId().toString(),
                change.occurredAt(), new PipelineEvent(change.changeId().toString(), o.opportunityId().toString(),
                        o.leadId().toString(), o.kind(), o.repId(), o.teamId(), change.from(), change.to(), o.amount(),
                        o.expectedCloseDate(), actor, change.reason(), change.occurredAt()));
    }

    /** 409 unless sales owns the lead and the handoff service assigned it to the opportunity's rep. */
    private static void requireOwned(Opportunity.LeadState lead, Opportunity opportunity) {
        if (lead == null || lead.owner() != Owner.SALES || !opportunity.repId().equals(lead.repId())) {
            throw ProblemException.conflict("not-owned", "sales does not own lead " + opportunity.leadId()
                    + " (or it is not assigned to " + opportunity.repId() + ")");
        }
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

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
