package dev.baton.marketing.send;

import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.EventTypes;
import dev.baton.marketing.campaign.Campaigns;
import dev.baton.marketing.consent.ConsentChannel;
import dev.baton.marketing.consent.Consents;
import dev.baton.marketing.lead.Lead;
import dev.baton.marketing.lead.LeadRepository;
import dev.baton.marketing.lead.LeadService;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Nurture and retention sends, with the boundary enforced: a prospect action on a lead sales owns is refused (409)
 * and audited ({@code marketing-send-blocked}); nothing goes without consent on the channel; retention newsletters go
 * to customers only. A recorded send is published on {@code marketing.sends.v1} for the delivery systems.
 */
@ApplicationScoped
public class SendService {

    private final Pool pool;
    private final LeadRepository leads;
    private final LeadService leadService;
    private final Consents consents;
    private final Campaigns campaigns;
    private final Outbox outbox;
    private final String service;

    public SendService(Pool pool, LeadRepository leads, LeadService leadService, Consents consents, Campaigns campaigns,
            Outbox outbox, BatonConfig config) {
        this.pool = pool;
        this.leads = leads;
        this.leadService = leadService;
        this.consents = consents;
        this.campaigns = campaigns;
        this.outbox = outbox;
        this.service = config.service();
    }

    public Uni<SendResponse> send(UUID leadId, SendRequest request, Actor actor) {
        ConsentChannel channel = request.channel() == null ? ConsentChannel.EMAIL : request.channel();
        return pool.withTransaction(tx -> leads.findForUpdate(tx, leadId).<Object>flatMap(lead -> {
                    if (lead == null) {
                        throw ProblemException.notFound("lead", leadId.toString());
                    }
                    if (request.kind().isProspectAction() && !lead.marketingMayAct()) {
                        return leadService.blocked(tx, lead, actor, request.kind().name());
                    }
                    if (!request.kind().isProspectAction() && !lead.isCustomer()) {
                        throw ProblemException.conflict("not-a-customer", "lead " + leadId + " is not a customer"
                                + " (closed won or retained); retention newsletters go to customers only");
                    }
                    return consents.current(tx, leadId).flatMap(consent -> {
                        Consents.State state = consent.get(channel);
                        if (state == null || !state.granted()) {
                            throw ProblemException.conflict("no-consent", "lead " + leadId + " has not consented to "
                                    + channel + " messages" + (state == null ? "" : " (withdrawn: " + state.source() + ")"));
                        }
                        return campaigns.resolve(tx, request.campaignId(), null, null, null)
                                .flatMap(campaignId -> topicsOf(tx, lead, request.kind())
                                        .flatMap(topics -> record(tx, lead, request.kind(), channel, campaignId, topics, actor)));
                    });
                }))
                .invoke(outbox::committed)
                .map(LeadService::orThrow);
    }

    private Uni<Object> record(SqlClient tx, Lead lead, SendKind kind, ConsentChannel channel, UUID campaignId,
            List<String> topics, Actor actor) {
        UUID sendId = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sendId", sendId.toString());
        data.put("leadId", lead.leadId().toString());
        data.put("kind", kind.name());
        data.put("channel", channel.name());
        data.put("campaignId", campaignId == null ? null : campaignId.toString());
        data.put("topics", topics);
        data.put("actor", actor);
        data.put("occurredAt", now.toString());
        return tx.preparedQuery("INSERT INTO marketing_send (send_id, lead_id, kind, channel, campaign_id, topics, actor_id,"
                        + " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.from(new Object[] {sendId, lead.leadId(), kind.name(), channel.name(), campaignId,
                        topics.toArray(String[]::new), actor.id(), now.atOffset(ZoneOffset.UTC)}))
                .flatMap(v -> outbox.append(tx, CloudEvent.create(service, EventTypes.SEND_RECORDED,
                        lead.leadId().toString(), now, data)))
                .replaceWith(new SendResponse(sendId, lead.leadId(), kind, channel.name(), topics, now));
    }

    /**
     * What a send is about. Nurture: the lead's interests. Retention newsletter: interests plus purchase history, so
     * that it is tailored to what the customer bought and looked at.
     */
    private Uni<List<String>> topicsOf(SqlClient tx, Lead lead, SendKind kind) {
        return tx.preparedQuery("SELECT properties->>'topic' AS topic, count(*) AS n FROM engagement"
                        + " WHERE lead_id = $1 AND properties ? 'topic' GROUP BY 1 ORDER BY n DESC, topic LIMIT 3")
                .execute(Tuple.of(lead.leadId()))
                .flatMap(rows -> {
                    List<String> topics = new ArrayList<>();
                    rows.forEach(row -> topics.add("interest:" + row.getString("topic")));
                    if (kind != SendKind.RETENTION_NEWSLETTER) {
                        return Uni.createFrom().item(topics);
                    }
                    return tx.preparedQuery("SELECT purchase_amount FROM lead WHERE lead_id = $1")
                            .execute(Tuple.of(lead.leadId()))
                            .map(amounts -> {
                                BigDecimal amount = amounts.iterator().next().getBigDecimal("purchase_amount");
                                topics.add("purchase:" + (amount == null ? "unknown"
                                        : amount.compareTo(BigDecimal.valueOf(10_000)) >= 0 ? "large" : "small"));
                                topics.add("stage:" + lead.stage().name().toLowerCase(java.util.Locale.ROOT));
                                return topics;
                            });
                });
    }
}
