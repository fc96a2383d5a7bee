package dev.baton.marketing.send;

import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.EventTypes;
import dev.baton.contract.SendRecorded;
import dev.baton.marketing.campaign.CampaignService;
import dev.baton.marketing.lead.LeadService;
import dev.baton.marketing.lead.domain.ActionOutcome;
import dev.baton.contract.ConsentChannel;
import dev.baton.marketing.lead.domain.Consents;
import dev.baton.marketing.lead.domain.Lead;
import dev.baton.marketing.lead.persistence.ConsentRepository;
import dev.baton.marketing.lead.persistence.LeadRepository;
import dev.baton.marketing.send.domain.Send;
import dev.baton.marketing.send.domain.SendKind;
import dev.baton.marketing.send.domain.SendTopics;
import dev.baton.marketing.send.persistence.SendRepository;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.outbox.Transactions;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.time.Timestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Nurture and retention sends, with the boundary enforced: a prospect action on a lead sales owns is refused (409)
 * and audited ({@code marketing-send-blocked}); nothing goes without consent on the channel; retention newsletters go
 * to customers only. A recorded send is published on {@code marketing.sends.v1} for the delivery systems.
 */
@ApplicationScoped
public class SendService {

    private final Transactions transactions;
    private final LeadRepository leads;
    private final LeadService leadService;
    private final ConsentRepository consents;
    private final CampaignService campaigns;
    private final SendRepository sends;
    private final Outbox outbox;
    private final String service;

    public SendService(Transactions transactions, LeadRepository leads, LeadService leadService,
            ConsentRepository consents, CampaignService campaigns, SendRepository sends, Outbox outbox,
            BatonConfig config) {
        this.transactions = transactions;
        this.leads = leads;
        this.leadService = leadService;
        this.consents = consents;
        this.campaigns = campaigns;
        this.sends = sends;
        this.outbox = outbox;
        this.service = config.service();
    }

    /** Records a send on the channel (null: EMAIL), attributed to the campaign given (if any). */
    public Uni<ActionOutcome<Send>> send(UUID leadId, SendKind kind, ConsentChannel requestedChannel, UUID campaignId,
            Actor actor) {
        ConsentChannel channel = requestedChannel == null ? ConsentChannel.EMAIL : requestedChannel;
        return transactions.commit(tx -> leads.findForUpdate(tx, leadId).flatMap(lead -> {
            if (lead == null) {
                throw ProblemException.notFound("lead", leadId.toString());
            }
            if (kind.isProspectAction() && !lead.marketingMayAct()) {
                return leadService.refuse(tx, lead, actor, kind.name()).map(ActionOutcome::<Send>refused);
            }
            if (!kind.isProspectAction() && !lead.isCustomer()) {
                throw ProblemException.conflict("not-a-customer", "lead " + leadId + " is not a customer"
                        + " (closed won or retained); retention newsletters go to customers only");
            }
            return consents.current(tx, leadId).flatMap(consent -> {
                String noConsent = Consents.refusalToSend(leadId, channel, consent);
                if (noConsent != null) {
                    throw ProblemException.conflict("no-consent", noConsent);
                }
                return campaigns.attribution(tx, campaignId, null)
                        .flatMap(campaign -> topicsOf(tx, lead, kind)
                                .flatMap(topics -> record(tx, lead, kind, channel, campaign, topics, actor)))
                        .map(ActionOutcome::done);
            });
        }));
    }

    private Uni<Send> record(SqlClient tx, Lead lead, SendKind kind, ConsentChannel channel, UUID campaignId,
            List<String> topics, Actor actor) {
        Instant now = Timestamps.now();
        Send send = new Send(UUID.randomUUID(), lead.leadId(), kind, channel, campaignId, topics, now);
        SendRecorded data = new SendRecorded(send.sendId().toString(), lead.leadId().toString(), kind.name(),
                channel.name(), campaignId == null ? null : campaignId.toString(), topics, actor, now);
        return sends.insert(tx, send, actor.id())
                .flatMap(v -> outbox.append(tx, CloudEvent.create(service, EventTypes.SEND_RECORDED,
                        lead.leadId().toString(), now, data)))
                .replaceWith(send);
    }

    /** What the send is about (see {@link SendTopics}). */
    private Uni<List<String>> topicsOf(SqlClient tx, Lead lead, SendKind kind) {
        return sends.topInterests(tx, lead.leadId()).flatMap(interests -> kind != SendKind.RETENTION_NEWSLETTER
                ? Uni.createFrom().item(SendTopics.of(kind, interests, null, lead.stage()))
                : leads.purchaseAmount(tx, lead.leadId())
                        .map(amount -> SendTopics.of(kind, interests, amount, lead.stage())));
    }
}
