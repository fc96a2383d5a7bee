package dev.baton.sales.referral;

import dev.baton.contract.CloudEvent;
import dev.baton.contract.LifecycleEvent;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.sales.SalesConfig;
import dev.baton.sales.customer.CustomerService;
import dev.baton.sales.customer.CustomerStatus;
import dev.baton.sales.opportunity.OpportunityRepository;
import dev.baton.sales.opportunity.OpportunityService;
import dev.baton.sales.projection.LeadView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static dev.baton.sales.opportunity.OpportunityRepository.utc;

/**
 * Referrals: a customer (WON or RETAINED) refers someone. Marketing owns identity, so sales asks it to create or find
 * the referred lead (a REFERRAL conversion: KNOWN, qualified at once with consent, handed to the same rep). Sales keeps
 * the attribution (referrer, referred lead, rep, who recorded it) and publishes {@code referral-received} on the
 * referrer's lead with its next sequence number.
 */
@ApplicationScoped
public class ReferralService {

    private static final Logger LOG = Logger.getLogger(ReferralService.class);

    private final Pool pool;
    private final CustomerService customers;
    private final OpportunityRepository opportunities;
    private final LeadView leads;
    private final Outbox outbox;
    private final MarketingClient marketing;
    private final String marketingUrl;
    private final String service;

    public ReferralService(Pool pool, CustomerService customers, OpportunityRepository opportunities, LeadView leads,
            Outbox outbox, @RestClient MarketingClient marketing, SalesConfig salesConfig, BatonConfig config) {
        this.pool = pool;
        this.customers = customers;
        this.opportunities = opportunities;
        this.leads = leads;
        this.outbox = outbox;
        this.marketing = marketing;
        this.marketingUrl = salesConfig.marketingUrl();
        this.service = config.service();
    }

    /** A referral and whether this call recorded it (false: the same person was already referred by this customer). */
    public record Result(ReferralResponse referral, boolean created) {
    }

    /**
     * 403 when the caller may not act for the customer's rep, 409 when the referrer is not a WON or RETAINED customer
     * (both checked before marketing is called); 422 when marketing refuses the person or it is the referrer itself;
     * 502/503 when marketing fails or cannot be reached. In every refusal nothing is recorded.
     */
    public Uni<Result> refer(ReferralRequest request, Caller caller, String authorization) {
        UUID referrer = request.referrerLeadId();
        return pool.withTransaction(tx -> referringCustomer(tx, referrer, caller))
                .flatMap(customer -> marketing.convert(authorization, new MarketingClient.ReferralConversion(
                                request.email().strip(), blankToNull(request.name()), "REFERRAL", request.consent(),
                                referrer.toString(), customer.repId()))
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
                    if (conversion.leadId().equals(referrer)) {
                        throw ProblemException.unprocessable("self-referral",
                                "the referred person is the referring customer " + referrer);
                    }
                    return pool.withTransaction(tx -> record(tx, referrer, conversion, caller));
                })
                .invoke(result -> {
                    if (result.created()) {
                        outbox.committed();
                    }
                });
    }

    private Uni<CustomerService.Acting> referringCustomer(SqlClient tx, UUID referrer, Caller caller) {
        return customers.lockForChange(tx, referrer, caller).map(customer -> {
            if (customer.status() == CustomerStatus.CHURNED) {
                throw ProblemException.conflict("churned", "customer " + referrer + " has churned; only a WON or "
                        + "RETAINED customer can refer someone");
            }
            return customer;
        });
    }

    private Uni<Result> record(SqlClient tx, UUID referrer, MarketingClient.Conversion conversion, Caller caller) {
        UUID referred = conversion.leadId();
        return referringCustomer(tx, referrer, caller).flatMap(customer -> tx.preparedQuery("SELECT referral_id, rep_id,"
                        + " actor_id, created_at FROM referral WHERE referrer_lead_id = $1 AND referred_lead_id = $2")
                .execute(Tuple.of(referrer, referred))
                .flatMap(rows -> {
                    if (rows.iterator().hasNext()) {
                        Row row = rows.iterator().next();
                        return Uni.createFrom().item(new Result(new ReferralResponse(row.getUUID("referral_id"), referred,
                                conversion.stage(), referrer, row.getString("rep_id"), row.getString("actor_id"),
                                row.getOffsetDateTime("created_at").toInstant()), false));
                    }
                    return leads.findForUpdate(tx, referrer).flatMap(lead -> {
                        if (lead == null) {
                            throw ProblemException.conflict("not-a-customer", "sales has no lifecycle of lead " + referrer);
                        }
                        Instant now = OpportunityService.now();
                        UUID referralId = UUID.randomUUID();
                        long seq = lead.seq() + 1;
                        CloudEvent received = new LifecycleEvent(referrer.toString(), "referral-received", lead.stage(),
                                lead.stage(), customer.actor(), "referral", "referral:" + referralId, seq, now,
                                Map.of("referrerLeadId", referrer.toString(), "repId", customer.repId(),
                                        "referredLeadId", referred.toString()))
                                .toCloudEvent(service);
                        return tx.preparedQuery("INSERT INTO referral (referral_id, referrer_lead_id, referred_lead_id,"
                                        + " rep_id, actor_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
                                .execute(Tuple.of(referralId, referrer, referred, customer.repId(), customer.actor().id(),
                                        utc(now)))
                                .flatMap(v -> opportunities.attributeReferral(tx, referred, referrer))
                                .flatMap(v -> leads.advance(tx, referrer, lead.stage(), seq))
                                .flatMap(v -> outbox.append(tx, received))
                                .replaceWith(new Result(new ReferralResponse(referralId, referred, conversion.stage(),
                                        referrer, customer.repId(), customer.actor().id(), now), true));
                    });
                }));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
