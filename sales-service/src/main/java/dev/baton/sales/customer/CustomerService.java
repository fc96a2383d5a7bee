package dev.baton.sales.customer;

import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Owner;
import dev.baton.contract.Stage;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import dev.baton.platform.security.TeamDirectory;
import dev.baton.sales.opportunity.Opportunity;
import dev.baton.sales.opportunity.OpportunityKind;
import dev.baton.sales.opportunity.OpportunityRepository;
import dev.baton.sales.opportunity.OpportunityStatus;
import dev.baton.sales.opportunity.PipelineStage;
import dev.baton.sales.projection.LeadView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static dev.baton.sales.opportunity.OpportunityRepository.utc;

/**
 * Sales retention: WON leads are customer accounts. Check-ins, renewals and repeat purchases move a WON customer to
 * RETAINED; cross-sell opportunities offer it further products; a churn ends the relationship (an audited move back).
 * The customer's rep, their assistant or their team's manager act on it.
 */
@ApplicationScoped
public class CustomerService {

    private final Pool pool;
    private final LeadView leads;
    private final TeamDirectory team;
    private final OpportunityRepository opportunities;
    private final Outbox outbox;
    private final String service;

    public CustomerService(Pool pool, LeadView leads, TeamDirectory team, OpportunityRepository opportunities,
            Outbox outbox, BatonConfig config) {
        this.pool = pool;
        this.leads = leads;
        this.team = team;
        this.opportunities = opportunities;
        this.outbox = outbox;
        this.service = config.service();
    }

    /** A customer account locked for a change, and the caller acting for its rep. */
    public record Acting(UUID leadId, String repId, CustomerStatus status, Actor actor) {
    }

    /**
     * Locks a customer for a change by the caller: 409 when the lead is not a (WON) customer, 403 when the caller may
     * not act for its rep.
     */
    public Uni<Acting> lockForChange(SqlClient tx, UUID leadId, Caller caller) {
        return tx.preparedQuery("SELECT rep_id, status FROM customer WHERE lead_id = $1 FOR UPDATE")
                .execute(Tuple.of(leadId))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw ProblemException.conflict("not-a-customer", "lead " + leadId + " is not a WON customer");
                    }
                    Row row = rows.iterator().next();
                    String repId = row.getString("rep_id");
                    Actor actor = team.actorFor(caller, repId);
                    return new Acting(leadId, repId, CustomerStatus.valueOf(row.getString("status")), actor);
                });
    }

    public Uni<RetentionResponse> retain(UUID leadId, RetentionKind kind, String notes, Caller caller) {
        return pool.withTransaction(tx -> retainIn(tx, leadId, kind, notes, caller)).invoke(outbox::committed);
    }

    /**
     * Records a retention activity in the caller's transaction; the first one of a WON customer moves it to RETAINED
     * and publishes {@code retained} with the lead's next sequence number. 409 for a churned customer.
     */
    public Uni<RetentionResponse> retainIn(SqlClient tx, UUID leadId, RetentionKind kind, String notes, Caller caller) {
        return lockForChange(tx, leadId, caller).flatMap(customer -> {
            if (customer.status() == CustomerStatus.CHURNED) {
                throw ProblemException.conflict("churned", "customer " + leadId + " has churned");
            }
            Actor actor = customer.actor();
            String repId = customer.repId();
            Instant now = now();
            UUID retentionId = UUID.randomUUID();
            RetentionResponse response = new RetentionResponse(retentionId, leadId, kind, Stage.RETAINED, repId,
                    actor.id(), now);
            Uni<Void> record = tx.preparedQuery("INSERT INTO retention_activity (retention_id, lead_id, kind,"
                            + " actor_id, rep_id, notes, occurred_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                    .execute(Tuple.from(new Object[] {retentionId, leadId, kind.name(), actor.id(), repId, notes,
                            utc(now)}))
                    .replaceWithVoid();
            if (customer.status() != CustomerStatus.WON) {
                return record.replaceWith(response);
            }
            return record.flatMap(v -> leads.findForUpdate(tx, leadId)).flatMap(lead -> {
                long seq = lead.seq() + 1;
                CloudEvent retained = new LifecycleEvent(leadId.toString(), "retained", lead.stage(), Stage.RETAINED,
                        actor, kind.name(), "retention:" + retentionId, seq, now,
                        Map.of("kind", kind.name(), "repId", repId)).toCloudEvent(service);
                return setStatus(tx, leadId, CustomerStatus.RETAINED, now)
                        .flatMap(v -> leads.advance(tx, leadId, Stage.RETAINED, seq))
                        .flatMap(v -> outbox.append(tx, retained))
                        .replaceWith(response);
            });
        });
    }

    /**
     * The customer was lost: CHURNED, and {@code churned} (RETAINED or CLOSED to CLOSED, with the reason) on the
     * lifecycle with the lead's next sequence number. 409 when it is not a customer or already churned.
     */
    public Uni<Customer> churn(UUID leadId, String reason, Caller caller) {
        return pool.withTransaction(tx -> lockForChange(tx, leadId, caller).flatMap(customer -> {
                    if (customer.status() == CustomerStatus.CHURNED) {
                        throw ProblemException.conflict("already-churned", "customer " + leadId + " has already churned");
                    }
                    return leads.findForUpdate(tx, leadId).flatMap(lead -> {
                        if (lead == null) {
                            throw ProblemException.conflict("not-a-customer", "sales has no lifecycle of lead " + leadId);
                        }
                        Instant now = now();
                        long seq = lead.seq() + 1;
                        CloudEvent churned = new LifecycleEvent(leadId.toString(), "churned", lead.stage(), Stage.CLOSED,
                                customer.actor(), reason.strip(), "churn:" + leadId + ":" + now, seq, now,
                                Map.of("repId", customer.repId(), "previousStatus", customer.status().name()))
                                .toCloudEvent(service);
                        return tx.preparedQuery("UPDATE customer SET status = 'CHURNED', churned_at = $2,"
                                        + " churn_reason = $3, churned_by = $4, updated_at = $2 WHERE lead_id = $1")
                                .execute(Tuple.of(leadId, utc(now), reason.strip(), customer.actor().id()))
                                .flatMap(v -> leads.advance(tx, leadId, Stage.CLOSED, seq))
                                .flatMap(v -> outbox.append(tx, churned));
                    }).flatMap(v -> find(tx, leadId));
                }))
                .invoke(outbox::committed);
    }

    /**
     * A cross-sell: a new OPEN opportunity for the customer's rep on an existing (WON or RETAINED) customer. It moves
     * through the pipeline like any other; won, it is a repeat purchase (RETAINED). 409 for a churned customer.
     */
    public Uni<Opportunity> crossSell(UUID leadId, CrossSellRequest request, Caller caller) {
        return pool.withTransaction(tx -> lockForChange(tx, leadId, caller).flatMap(customer -> {
            if (customer.status() == CustomerStatus.CHURNED) {
                throw ProblemException.conflict("churned", "customer " + leadId + " has churned");
            }
            return leads.findForUpdate(tx, leadId).flatMap(lead -> {
                if (lead == null || lead.owner() != Owner.SALES || !customer.repId().equals(lead.repId())) {
                    throw ProblemException.conflict("not-owned", "sales does not own lead " + leadId
                            + " (or it is not assigned to " + customer.repId() + ")");
                }
                Instant now = now();
                Opportunity opportunity = new Opportunity(UUID.randomUUID(), leadId, OpportunityKind.CROSS_SELL,
                        request.title().strip(), customer.repId(), team.teamOf(customer.repId()), OpportunityStatus.OPEN,
                        PipelineStage.FOLLOW_UP, null, request.amount(), request.expectedCloseDate(), null, null, null,
                        null, null, now, now, null, null);
                return opportunities.insert(tx, opportunity)
                        .flatMap(v -> opportunities.find(tx, opportunity.opportunityId()));
            });
        }));
    }

    /** A customer the caller may see (ops: any): 404 when the lead is not a customer, 403 when it is another rep's. */
    public Uni<Customer> visible(UUID leadId, Caller caller) {
        return find(pool, leadId).map(customer -> {
            if (customer == null) {
                throw ProblemException.notFound("customer", leadId.toString());
            }
            if (!caller.hasRole(Roles.OPS)) {
                team.actorFor(caller, customer.repId());
            }
            return customer;
        });
    }

    private Uni<Customer> find(SqlClient client, UUID leadId) {
        return client.preparedQuery("SELECT lead_id, rep_id, status, won_at, churned_at, churn_reason, churned_by"
                        + " FROM customer WHERE lead_id = $1")
                .execute(Tuple.of(leadId))
                .flatMap(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().nullItem();
                    }
                    Row row = rows.iterator().next();
                    return client.preparedQuery("SELECT retention_id, kind, notes, actor_id, rep_id, occurred_at"
                                    + " FROM retention_activity WHERE lead_id = $1 ORDER BY occurred_at, retention_id")
                            .execute(Tuple.of(leadId))
                            .map(r -> r.stream().map(x -> new Customer.Retention(x.getUUID("retention_id"),
                                    RetentionKind.valueOf(x.getString("kind")), x.getString("notes"),
                                    x.getString("actor_id"), x.getString("rep_id"),
                                    instant(x.getOffsetDateTime("occurred_at")))).toList())
                            .flatMap(retention -> client.preparedQuery("SELECT referral_id, referred_lead_id, rep_id,"
                                            + " actor_id, created_at FROM referral WHERE referrer_lead_id = $1"
                                            + " ORDER BY created_at, referral_id")
                                    .execute(Tuple.of(leadId))
                                    .map(r -> r.stream().map(x -> new Customer.Referral(x.getUUID("referral_id"),
                                            x.getUUID("referred_lead_id"), x.getString("rep_id"), x.getString("actor_id"),
                                            instant(x.getOffsetDateTime("created_at")))).toList())
                                    .map(referrals -> new Customer(leadId, row.getString("rep_id"),
                                            CustomerStatus.valueOf(row.getString("status")),
                                            instant(row.getOffsetDateTime("won_at")),
                                            instant(row.getOffsetDateTime("churned_at")), row.getString("churn_reason"),
                                            row.getString("churned_by"), retention, referrals)));
                });
    }

    private Uni<Void> setStatus(SqlClient tx, UUID leadId, CustomerStatus status, Instant now) {
        return tx.preparedQuery("UPDATE customer SET status = $2, updated_at = $3 WHERE lead_id = $1")
                .execute(Tuple.of(leadId, status.name(), utc(now))).replaceWithVoid();
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
