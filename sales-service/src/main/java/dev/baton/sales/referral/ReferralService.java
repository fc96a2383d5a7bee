package dev.baton.sales.referral;

import dev.baton.contract.CloudEvent;
import dev.baton.contract.LifecycleDetails;
import dev.baton.contract.LifecycleEvent;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.outbox.Transactions;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.platform.time.Timestamps;
import dev.baton.sales.SalesConfig;
import dev.baton.sales.Text;
import dev.baton.sales.customer.CustomerService;
import dev.baton.sales.lead.persistence.LeadViewRepository;
import dev.baton.sales.opportunity.persistence.OpportunityRepository;
import dev.baton.sales.referral.domain.Referral;
import dev.baton.sales.referral.persistence.ReferralRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.UUID;

/**
 * Referrals: a customer (WON or RETAINED) refers someone. Marketing owns identity, so sales asks it to create or find
 * the referred lead (a REFERRAL conversion: KNOWN, qualified at once with consent, handed to the same rep). Sales keeps
 * the attribution (referrer, referred lead, rep, who recorded it) and publishes {@code referral-received} on the
 * referrer's lead with its next sequence number.
 */
@ApplicationScoped
public class ReferralService {

    private static final Logger LOG = Logger.getLogger(ReferralService.class);

    private final Transactions transactions;
    private final CustomerService customers;
    private final ReferralRepository referrals;
    private final OpportunityRepository opportunities;
    private final LeadViewRepository leads;
    private final Outbox outbox;
    private final MarketingClient marketing;
    private final String marketingUrl;
    private final String service;

    public ReferralService(Transactions transactions, CustomerService customers, ReferralRepository referrals,
            OpportunityRepository opportunities, LeadViewRepository leads, Outbox outbox,
            @RestClient MarketingClient marketing, SalesConfig salesConfig, BatonConfig config) {
        this.transactions = transactions;
        this.customers = customers;
        this.referrals = referrals;
        this.opportunities = opportunities;
        this.leads = leads;
        this.outbox = outbox;
        this.marketing = marketing;
        this.marketingUrl = salesConfig.marketingUrl();
        this.service = config.service();
    }

    /** The person a customer refers: sales keeps no personal data, these go to marketing. */
    public record Referred(String email, String name, boolean consent) {
    }

    /**
     * A referral, the referred lead's stage as marketing answered it, and whether this call recorded it (false: the
     * same person was already referred by this customer).
     */
    public record Result(Referral referral, String stage, boolean created) {
    }

    /**
     * 403 when the caller may not act for the customer's rep, 409 when the referrer is not a WON or RETAINED customer
     * (both checked before marketing is called); 422 when marketing refuses the person or it is the referrer itself;
     * 502/503 when marketing fails or cannot be reached. In every refusal nothing is recorded.
     */
    public Uni<Result> refer(UUID referrer, Referred person, Caller caller, String authorization) {
        return transactions.commit(tx -> referringCustomer(tx, referrer, caller))
                .flatMap(customer -> marketing.convert(authorization, new MarketingClient.ReferralConversion(
                                person.email().strip(), Text.blankToNull(person.name()), "REFERRAL", person.consent(),
                                referrer.toString(), customer.account().repId()))
                        .onFailure(e -> !(e instanceof ProblemException)).transform(e -> {
                            LOG.warnf("marketing-service (%s) unreachable for a referral of %s: %s", marketingUrl, referrer,
                                    e.toString());
                            return new ProblemException(503, "marketing-unavailable", "Service unavailable",
                                    "marketing-service cannot be reached; nothing was recorded, try again");
                        }))
                .flatMap(conversion -> {
                    if (conversion == null || conversion.leadId() == null) {
                        throw new ProblemException(502, "marketing-failed", "Bad gateway",
                                "marketing-service answered without a lead id; nothing was recorded");
                    }
                    Referral.requireNotSelf(referrer, conversion.leadId());
                    return transactions.commit(tx -> record(tx, referrer, conversion, caller));
                });
    }

    /** The referring customer, locked, with the caller acting for its rep: 409 unless it is WON or RETAINED. */
    private Uni<CustomerService.Acting> referringCustomer(SqlClient tx, UUID referrer, Caller caller) {
        return customers.lockForChange(tx, referrer, caller).invoke(customer -> customer.account().requireMayRefer());
    }

    private Uni<Result> record(SqlClient tx, UUID referrer, MarketingClient.Conversion conversion, Caller caller) {
        UUID referred = conversion.leadId();
        return referringCustomer(tx, referrer, caller).flatMap(customer -> referrals.find(tx, referrer, referred)
                .flatMap(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().item(new Result(existing, conversion.stage(), false));
                    }
                    return leads.findForUpdate(tx, referrer).flatMap(lead -> {
                        if (lead == null) {
                            throw ProblemException.conflict("not-a-customer", "sales has no lifecycle of lead " + referrer);
                        }
                        Instant now = Timestamps.now();
                        String repId = customer.account().repId();
                        Referral referral = new Referral(UUID.randomUUID(), referrer, referred, repId,
                                customer.actor().id(), now);
                        long seq = lead.nextSeq();
                        CloudEvent received = new LifecycleEvent(referrer.toString(), lead.stage(),
                                lead.stage(), customer.actor(), "referral", "referral:" + referral.referralId(), seq,
                                now, new LifecycleDetails.ReferralReceived(referrer.toString(), repId,
                                        referred.toString()))
                                .toCloudEvent(service);
                        return referrals.insert(tx, referral)
                                .flatMap(v -> opportunities.attributeReferral(tx, referred, referrer))
                                .flatMap(v -> leads.advance(tx, referrer, lead.stage(), seq))
                                .flatMap(v -> outbox.append(tx, received))
                                .replaceWith(new Result(referral, conversion.stage(), true));
                    });
                }));
    }
}
