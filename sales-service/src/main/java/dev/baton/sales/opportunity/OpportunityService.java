package dev.baton.sales.opportunity;

import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.EventTypes;
import dev.baton.contract.HandoffResponse;
import dev.baton.contract.LifecycleDetails;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.OpportunityStageChanged;
import dev.baton.contract.RejectReason;
import dev.baton.contract.Stage;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.admission.Reads;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.outbox.Transactions;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.platform.time.Timestamps;
import dev.baton.sales.Text;
import dev.baton.sales.access.SalesAccess;
import dev.baton.sales.customer.CustomerService;
import dev.baton.sales.customer.domain.RetentionKind;
import dev.baton.sales.lead.domain.Lead;
import dev.baton.sales.lead.persistence.LeadViewRepository;
import dev.baton.sales.opportunity.domain.HandoffDecision;
import dev.baton.sales.opportunity.domain.Opportunity;
import dev.baton.sales.opportunity.domain.OpportunityStatus;
import dev.baton.sales.opportunity.domain.PipelineStage;
import dev.baton.sales.opportunity.domain.StageChange;
import dev.baton.sales.opportunity.persistence.OpportunityRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The rep's side of a handoff and of the pipeline: answer the handoff, move the stage, close; cross-sell to a
 * customer. Only the assigned rep, an assistant of theirs or their team's manager may act, and only while sales owns
 * the lead. Every change is recorded with who made it and for which rep, and its events go to the outbox in the same
 * transaction.
 */
@ApplicationScoped
public class OpportunityService {

    private final Transactions transactions;
    private final Pool pool;
    private final OpportunityRepository opportunities;
    private final LeadViewRepository leads;
    private final SalesAccess access;
    private final CustomerService customers;
    private final Outbox outbox;
    private final Reads reads;
    private final String service;

    public OpportunityService(Transactions transactions, Pool pool, OpportunityRepository opportunities,
            LeadViewRepository leads, SalesAccess access, CustomerService customers, Outbox outbox, Reads reads,
            BatonConfig config) {
        this.transactions = transactions;
        this.pool = pool;
        this.opportunities = opportunities;
        this.leads = leads;
        this.access = access;
        this.customers = customers;
        this.outbox = outbox;
        this.reads = reads;
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
        return load(tx, opportunityId).flatMap(opportunity -> leads.erased(tx, opportunity.leadId()).map(erased -> {
            Actor actor = access.actorFor(caller, opportunity.repId());
            Lead.requireNotErased(erased, opportunity.leadId());
            opportunity.requireOpenForWork();
            Lead.requireOwnedBySales(opportunity.lead(), opportunity.leadId(), opportunity.repId());
            return new Acting(opportunity, actor);
        }));
    }

    /** Sends the rep's answer to the handoff service; the opportunity opens (or closes) when it confirms. */
    public Uni<Opportunity> respond(UUID opportunityId, HandoffDecision decision, RejectReason reason, Caller caller) {
        return transactions.commit(tx -> load(tx, opportunityId).flatMap(opportunity -> {
            Actor actor = access.actorFor(caller, opportunity.repId());
            if (!opportunity.needsAnswer(decision)) {
                return Uni.createFrom().item(opportunity); // the same answer again: already on its way
            }
            Instant now = Timestamps.now();
            HandoffResponse response = new HandoffResponse(UUID.randomUUID().toString(),
                    opportunity.leadId().toString(), opportunityId.toString(), decision.name(),
                    reason == null ? null : reason.name(), opportunity.repId(), actor, now);
            return opportunities.setResponsePending(tx, opportunityId, decision.name(), actor.id(), now)
                    .flatMap(v -> outbox.append(tx, CloudEvent.create(service, EventTypes.HANDOFF_RESPONSE,
                            opportunity.leadId().toString(), now, response)))
                    .flatMap(v -> opportunities.find(tx, opportunityId));
        }));
    }

    /**
     * Moves an open opportunity in the pipeline (a move back needs a reason), records the move and publishes
     * {@code opportunity-stage-changed} on {@code sales.pipeline.v1}. The lead stays QUALIFIED: no lifecycle event.
     */
    public Uni<Opportunity> moveStage(UUID opportunityId, PipelineStage stage, BigDecimal amount,
            LocalDate expectedCloseDate, String reason, Caller caller) {
        return transactions.commit(tx -> openForWork(tx, opportunityId, caller).flatMap(acting -> {
            StageChange change = acting.opportunity().moveTo(stage, amount, expectedCloseDate, reason,
                    acting.actor().id(), Timestamps.now());
            return opportunities.moveStage(tx, opportunityId, stage, amount, expectedCloseDate, change.occurredAt())
                    .flatMap(v -> opportunities.recordStageChange(tx, change))
                    .flatMap(v -> opportunities.find(tx, opportunityId))
                    .flatMap(updated -> outbox.append(tx, pipelineEvent(updated, change, acting.actor()))
                            .replaceWith(updated));
        }));
    }

    /**
     * Closes an open opportunity as WON or LOST: records the end of its pipeline and publishes it on
     * {@code sales.pipeline.v1}. A handed-off lead's opportunity also publishes {@code closed} on the lifecycle, and WON
     * makes the lead a customer; a cross-sell won counts as a repeat purchase of the customer (RETAINED).
     */
    public Uni<Opportunity> close(UUID opportunityId, boolean won, BigDecimal amount, String reason, Caller caller) {
        OpportunityStatus outcome;
        try {
            outcome = Opportunity.outcome(won, reason);
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        return transactions.commit(tx -> openForWork(tx, opportunityId, caller).flatMap(acting -> {
            Opportunity opportunity = acting.opportunity();
            Actor actor = acting.actor();
            Instant now = Timestamps.now();
            StageChange end = opportunity.closeAs(outcome, amount, reason, actor.id(), now);
            Uni<Void> recorded = opportunities.close(tx, opportunityId, outcome, amount, Text.blankToNull(reason), now)
                    .flatMap(v -> opportunities.recordStageChange(tx, end))
                    .flatMap(v -> opportunities.find(tx, opportunityId))
                    .flatMap(closed -> outbox.append(tx, pipelineEvent(closed, end, actor)));
            Uni<Void> lifecycle = opportunity.closesTheLead()
                    ? closeLead(tx, opportunity, won, amount, reason, actor, now)
                    : won ? customers.retainIn(tx, opportunity.leadId(), RetentionKind.REPEAT_PURCHASE,
                            "cross-sell won: " + opportunity.title(), caller).replaceWithVoid()
                    : Uni.createFrom().voidItem();
            return recorded.flatMap(v -> lifecycle).flatMap(v -> opportunities.find(tx, opportunityId));
        }));
    }

    /** QUALIFIED to CLOSED on the lifecycle, with the lead's next sequence number; WON makes it a customer. */
    private Uni<Void> closeLead(SqlClient tx, Opportunity opportunity, boolean won, BigDecimal amount, String reason,
            Actor actor, Instant now) {
        return leads.findForUpdate(tx, opportunity.leadId()).flatMap(lead -> {
            Lead.requireOwnedBySales(lead == null ? null : lead.state(), opportunity.leadId(), opportunity.repId());
            long seq = lead.nextSeq();
            CloudEvent closed = new LifecycleEvent(lead.leadId().toString(), lead.stage(), Stage.CLOSED, actor,
                    won ? "won" : "lost", "close:" + opportunity.opportunityId(), seq, now,
                    new LifecycleDetails.Closed(won ? "WON" : "LOST", amount, opportunity.opportunityId().toString(),
                            opportunity.repId()))
                    .toCloudEvent(service);
            Uni<Void> steps = leads.advance(tx, lead.leadId(), Stage.CLOSED, seq).flatMap(v -> outbox.append(tx, closed));
            // A lead won again after a churn becomes a customer again.
            return won ? steps.flatMap(v -> customers.won(tx, lead.leadId(), opportunity.repId(), now)) : steps;
        });
    }

    /**
     * A cross-sell: a new OPEN opportunity for the customer's rep on an existing (WON or RETAINED) customer. It moves
     * through the pipeline like any other; won, it is a repeat purchase (RETAINED). 409 for a churned customer.
     */
    public Uni<Opportunity> crossSell(UUID leadId, String title, BigDecimal amount, LocalDate expectedCloseDate,
            Caller caller) {
        return transactions.commit(tx -> customers.lockForChange(tx, leadId, caller).flatMap(customer -> {
            customer.account().requireActive();
            String repId = customer.account().repId();
            return leads.findForUpdate(tx, leadId).flatMap(lead -> {
                Lead.requireOwnedBySales(lead == null ? null : lead.state(), leadId, repId);
                Opportunity opportunity = Opportunity.crossSell(leadId, title, repId, access.teamOf(repId), amount,
                        expectedCloseDate, Timestamps.now());
                return opportunities.insert(tx, opportunity)
                        .flatMap(v -> opportunities.find(tx, opportunity.opportunityId()));
            });
        }));
    }

    /** The lead's opportunities that the caller may see, newest first. */
    public Uni<List<Opportunity>> forLead(UUID leadId, Caller caller) {
        return reads.lookup(client -> opportunities.forLead(client, leadId, access.visibleReps(caller, null)));
    }

    /** The recorded pipeline moves of an opportunity the caller may see. */
    public Uni<List<StageChange>> stageChanges(UUID opportunityId, Caller caller) {
        return reads.lookup(client -> visible(client, opportunityId, caller)
                .flatMap(o -> opportunities.stageChanges(client, opportunityId)));
    }

    /** An opportunity the caller may see, as a client reads it (a bounded lookup); 404, 403 as {@link #visible}. */
    public Uni<Opportunity> read(UUID opportunityId, Caller caller) {
        return reads.lookup(client -> visible(client, opportunityId, caller));
    }

    /** An opportunity the caller may see: 404 when it does not exist, 403 when it is another rep's. */
    public Uni<Opportunity> visible(UUID opportunityId, Caller caller) {
        return visible(pool, opportunityId, caller);
    }

    private Uni<Opportunity> visible(SqlClient client, UUID opportunityId, Caller caller) {
        return load(client, opportunityId).invoke(opportunity -> access.requireVisible(caller, opportunity.repId()));
    }

    private CloudEvent pipelineEvent(Opportunity o, StageChange change, Actor actor) {
        return CloudEvent.create(service, EventTypes.OPPORTUNITY_STAGE_CHANGED, o.leadId().toString(),
                change.occurredAt(), new OpportunityStageChanged(change.changeId().toString(),
                        o.opportunityId().toString(), o.leadId().toString(), o.kind().name(), o.repId(), o.teamId(),
                        change.from(), change.to(), o.amount(), o.expectedCloseDate(), actor, change.eventReason(),
                        change.occurredAt()));
    }

    /** The opportunity (locked inside a transaction); 404 when it does not exist. */
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
}
