package dev.baton.sales.customer;

import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.LifecycleDetails;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Stage;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.outbox.Transactions;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.platform.time.Timestamps;
import dev.baton.sales.access.SalesAccess;
import dev.baton.sales.customer.domain.Customer;
import dev.baton.sales.customer.domain.CustomerAccount;
import dev.baton.sales.customer.domain.CustomerStatus;
import dev.baton.sales.customer.domain.RetentionKind;
import dev.baton.sales.customer.persistence.CustomerRepository;
import dev.baton.sales.lead.domain.Lead;
import dev.baton.sales.lead.persistence.LeadViewRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/**
 * Sales retention: WON leads are customer accounts. Check-ins, renewals and repeat purchases move a WON customer to
 * RETAINED; a churn ends the relationship (an audited move back). The customer's rep, their assistant or their team's
 * manager act on it.
 */
@ApplicationScoped
public class CustomerService {

    private final Transactions transactions;
    private final Pool pool;
    private final CustomerRepository customers;
    private final LeadViewRepository leads;
    private final SalesAccess access;
    private final Outbox outbox;
    private final String service;

    public CustomerService(Transactions transactions, Pool pool, CustomerRepository customers, LeadViewRepository leads,
            SalesAccess access, Outbox outbox, BatonConfig config) {
        this.transactions = transactions;
        this.pool = pool;
        this.customers = customers;
        this.leads = leads;
        this.access = access;
        this.outbox = outbox;
        this.service = config.service();
    }

    /** A customer account locked for a change, and the caller acting for its rep. */
    public record Acting(CustomerAccount account, Actor actor) {
    }

    /**
     * Locks a customer for a change by the caller: 409 when the lead is not a (WON) customer, 403 when the caller may
     * not act for its rep.
     */
    public Uni<Acting> lockForChange(SqlClient tx, UUID leadId, Caller caller) {
        return customers.lock(tx, leadId).flatMap(account -> leads.erased(tx, leadId).map(erased -> {
            if (account == null) {
                throw ProblemException.conflict("not-a-customer", "lead " + leadId + " is not a WON customer");
            }
            Acting acting = new Acting(account, access.actorFor(caller, account.repId()));
            Lead.requireNotErased(erased, leadId);
            return acting;
        }));
    }

    public Uni<Customer.Retention> retain(UUID leadId, RetentionKind kind, String notes, Caller caller) {
        return transactions.commit(tx -> retainIn(tx, leadId, kind, notes, caller));
    }

    /**
     * Records a retention activity in the caller's transaction; the first one of a WON customer moves it to RETAINED
     * and publishes {@code retained} with the lead's next sequence number. 409 for a churned customer.
     */
    public Uni<Customer.Retention> retainIn(SqlClient tx, UUID leadId, RetentionKind kind, String notes, Caller caller) {
        return lockForChange(tx, leadId, caller).flatMap(acting -> {
            CustomerAccount customer = acting.account();
            customer.requireActive();
            Actor actor = acting.actor();
            Instant now = Timestamps.now();
            Customer.Retention retention = new Customer.Retention(UUID.randomUUID(), kind, notes, actor.id(),
                    customer.repId(), now);
            Uni<Void> record = customers.insertRetention(tx, leadId, retention);
            if (!customer.retainedByNextActivity()) {
                return record.replaceWith(retention);
            }
            return record.flatMap(v -> leads.findForUpdate(tx, leadId)).flatMap(lead -> {
                long seq = lead.nextSeq();
                CloudEvent retained = new LifecycleEvent(leadId.toString(), lead.stage(), Stage.RETAINED,
                        actor, kind.name(), "retention:" + retention.retentionId(), seq, now,
                        new LifecycleDetails.Retained(kind.name(), customer.repId())).toCloudEvent(service);
                return customers.setStatus(tx, leadId, CustomerStatus.RETAINED, now)
                        .flatMap(v -> leads.advance(tx, leadId, Stage.RETAINED, seq))
                        .flatMap(v -> outbox.append(tx, retained))
                        .replaceWith(retention);
            });
        });
    }

    /**
     * The customer was lost: CHURNED, and {@code churned} (RETAINED or CLOSED to CLOSED, with the reason) on the
     * lifecycle with the lead's next sequence number. 409 when it is not a customer or already churned.
     */
    public Uni<Customer> churn(UUID leadId, String reason, Caller caller) {
        return transactions.commit(tx -> lockForChange(tx, leadId, caller).flatMap(acting -> {
            CustomerAccount customer = acting.account();
            customer.requireChurnable();
            return leads.findForUpdate(tx, leadId).flatMap(lead -> {
                if (lead == null) {
                    throw ProblemException.conflict("not-a-customer", "sales has no lifecycle of lead " + leadId);
                }
                Instant now = Timestamps.now();
                long seq = lead.nextSeq();
                CloudEvent churned = new LifecycleEvent(leadId.toString(), lead.stage(), Stage.CLOSED,
                        acting.actor(), "churned", "churn:" + leadId + ":" + now, seq, now,
                        new LifecycleDetails.Churned(customer.repId(), customer.status().name()))
                        .toCloudEvent(service);
                return customers.churn(tx, leadId, reason.strip(), acting.actor().id(), now)
                        .flatMap(v -> leads.advance(tx, leadId, Stage.CLOSED, seq))
                        .flatMap(v -> outbox.append(tx, churned));
            }).flatMap(v -> customers.find(tx, leadId));
        }));
    }

    /** The lead was won by {@code repId} (in the closing transaction): it is a WON customer, again after a churn. */
    public Uni<Void> won(SqlClient tx, UUID leadId, String repId, Instant at) {
        return customers.won(tx, leadId, repId, at);
    }

    /** The customer who referred this lead, if any: new opportunities of the lead are attributed to it. */
    public Uni<UUID> referrerOf(SqlClient tx, UUID leadId) {
        return customers.referrerOf(tx, leadId);
    }

    /** A customer the caller may see (ops: any): 404 when the lead is not a customer, 403 when it is another rep's. */
    public Uni<Customer> visible(UUID leadId, Caller caller) {
        return customers.find(pool, leadId).map(customer -> {
            if (customer == null) {
                throw ProblemException.notFound("customer", leadId.toString());
            }
            access.requireVisible(caller, customer.repId());
            return customer;
        });
    }
}
