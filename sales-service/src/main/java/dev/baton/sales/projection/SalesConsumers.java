package dev.baton.sales.projection;

import dev.baton.contract.CloudEvent;
import dev.baton.contract.InvalidEventException;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.OwnershipChanged;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.consumer.EventHandling;
import dev.baton.platform.inbox.Inbox;
import dev.baton.sales.opportunity.Opportunity;
import dev.baton.sales.opportunity.OpportunityRepository;
import dev.baton.sales.opportunity.OpportunityStatus;
import dev.baton.sales.opportunity.PipelineStage;
import dev.baton.platform.security.TeamDirectory;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * What sales learns from the other services: a handoff creates an opportunity for the assigned rep; the handoff
 * service's verdict on the rep's answer opens or closes it; ownership tells sales which leads it may act on.
 */
@ApplicationScoped
public class SalesConsumers {

    private static final Logger LOG = Logger.getLogger(SalesConsumers.class);

    private final Pool pool;
    private final Inbox inbox;
    private final EventHandling handling;
    private final LeadView leads;
    private final OpportunityRepository opportunities;
    private final TeamDirectory team;
    private final String source;

    public SalesConsumers(Pool pool, Inbox inbox, EventHandling handling, LeadView leads,
            OpportunityRepository opportunities, TeamDirectory team, BatonConfig config) {
        this.pool = pool;
        this.inbox = inbox;
        this.handling = handling;
        this.leads = leads;
        this.opportunities = opportunities;
        this.team = team;
        this.source = CloudEvent.sourceOf(config.service());
    }

    @Incoming("lifecycle")
    public Uni<Void> onLifecycle(ConsumerRecord<String, String> record) {
        return handling.handle(record, decoded -> {
            if (source.equals(decoded.event().source())) {
                return Uni.createFrom().voidItem(); // our own event: applied when it was written
            }
            LifecycleEvent event = decoded.dataAs(LifecycleEvent.class);
            if (!LifecycleEvent.advancesSequence(event.type())) {
                return Uni.createFrom().voidItem();
            }
            UUID leadId = UUID.fromString(event.leadId());
            return pool.withTransaction(tx -> inbox.firstDelivery(tx, decoded.event().id(), event.type())
                    .flatMap(first -> !first ? Uni.createFrom().voidItem()
                            : leads.findForUpdate(tx, leadId).flatMap(lead -> {
                                if (lead != null && event.sequence() <= lead.seq()) {
                                    LOG.infof("ignoring %s #%d of lead %s: already at #%d", event.type(),
                                            event.sequence(), leadId, lead.seq());
                                    return Uni.createFrom().voidItem();
                                }
                                return leads.advance(tx, leadId, event.to(), event.sequence())
                                        .flatMap(v -> apply(tx, leadId, event));
                            })));
        });
    }

    private Uni<Void> apply(SqlClient tx, UUID leadId, LifecycleEvent event) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return switch (event.type()) {
            case "handed-off" -> {
                String repId = event.detailText("repId");
                if (repId == null) {
                    throw new InvalidEventException("handed-off without repId");
                }
                String due = event.detailText("slaDueAt");
                Opportunity opportunity = new Opportunity(UUID.randomUUID(), leadId, repId,
                        event.detailText("teamId") != null ? event.detailText("teamId") : team.teamOf(repId),
                        OpportunityStatus.AWAITING_RESPONSE, PipelineStage.FOLLOW_UP, null, null, null, null,
                        due == null ? null : Instant.parse(due), now, now, null);
                yield opportunities.activeForLead(tx, leadId).flatMap(previous -> previous == null
                        ? opportunities.insert(tx, opportunity)
                        : opportunities.setStatus(tx, previous.opportunityId(), OpportunityStatus.REASSIGNED, null, now)
                        .flatMap(v -> opportunities.insert(tx, opportunity)));
            }
            case "accepted" -> opportunities.activeForLead(tx, leadId).flatMap(o -> o == null
                    ? Uni.createFrom().voidItem()
                    : opportunities.setStatus(tx, o.opportunityId(), OpportunityStatus.OPEN, null, now));
            case "rejected" -> opportunities.activeForLead(tx, leadId).flatMap(o -> o == null
                    ? Uni.createFrom().voidItem()
                    : opportunities.setStatus(tx, o.opportunityId(), OpportunityStatus.REJECTED, null, now));
            default -> Uni.createFrom().voidItem();
        };
    }

    @Incoming("ownership")
    public Uni<Void> onOwnership(ConsumerRecord<String, String> record) {
        return handling.handle(record, decoded -> {
            OwnershipChanged ownership = decoded.dataAs(OwnershipChanged.class);
            UUID leadId = UUID.fromString(ownership.leadId());
            return pool.withTransaction(tx -> inbox.firstDelivery(tx, decoded.event().id(), "ownership-changed")
                    .flatMap(first -> !first ? Uni.createFrom().voidItem()
                            : leads.applyOwnership(tx, leadId, ownership.owner(), ownership.repId(), ownership.version())));
        });
    }
}
