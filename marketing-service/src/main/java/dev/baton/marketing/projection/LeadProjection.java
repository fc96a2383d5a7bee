package dev.baton.marketing.projection;

import dev.baton.contract.CloudEvent;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.OwnershipChanged;
import dev.baton.contract.Stage;
import dev.baton.marketing.lead.LeadRepository;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.consumer.EventHandling;
import dev.baton.platform.inbox.Inbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * Marketing's view of what the other services did to its leads: the stage moves made by handoff and sales (from
 * {@code lead.lifecycle.v1}) and the owner (from {@code lead.ownership.v1}). Each event is applied once (inbox) and in
 * per-lead order (an older sequence or ownership version changes nothing).
 */
@ApplicationScoped
public class LeadProjection {

    private static final Logger LOG = Logger.getLogger(LeadProjection.class);

    private final Pool pool;
    private final Inbox inbox;
    private final LeadRepository leads;
    private final EventHandling handling;
    private final String source;

    public LeadProjection(Pool pool, Inbox inbox, LeadRepository leads, EventHandling handling, BatonConfig config) {
        this.pool = pool;
        this.inbox = inbox;
        this.leads = leads;
        this.handling = handling;
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
                                if (lead == null) {
                                    // A lead marketing never knew (e.g. a sales referral): nothing to project yet.
                                    return Uni.createFrom().voidItem();
                                }
                                if (event.sequence() <= lead.seq()) {
                                    LOG.infof("ignoring %s #%d of lead %s: already at #%d", event.type(),
                                            event.sequence(), leadId, lead.seq());
                                    return Uni.createFrom().voidItem();
                                }
                                // A handoff answered (handed-off, refused or recycled) ends marketing's wait.
                                boolean pending = lead.handoffPending() && !event.type().equals("handed-off")
                                        && !event.type().equals("handoff-refused") && !event.type().equals("recycled");
                                Uni<Void> outcome = "closed".equals(event.type())
                                        ? leads.recordOutcome(tx, leadId, event.detailText("outcome"),
                                        event.detail("amount") instanceof Number n ? new java.math.BigDecimal(n.toString()) : null)
                                        : Uni.createFrom().voidItem();
                                Uni<Void> step = event.from() == event.to()
                                        ? leads.setSequence(tx, leadId, event.sequence(), pending)
                                        : leads.moveStage(tx, leadId, event.to(), event.sequence(), pending,
                                        event.occurredAt());
                                return outcome.flatMap(v -> step).flatMap(v -> event.from() == event.to() ? Uni.createFrom().voidItem()
                                        : leads.recordStage(tx, leadId, event.sequence(), event.type(), event.from(),
                                        event.to(), event.occurredAt()));
                            })));
        });
    }

    @Incoming("ownership")
    public Uni<Void> onOwnership(ConsumerRecord<String, String> record) {
        return handling.handle(record, decoded -> {
            OwnershipChanged ownership = decoded.dataAs(OwnershipChanged.class);
            UUID leadId = UUID.fromString(ownership.leadId());
            return pool.withTransaction(tx -> inbox.firstDelivery(tx, decoded.event().id(), "ownership-changed")
                    .flatMap(first -> !first ? Uni.createFrom().voidItem()
                            : leads.applyOwnership(tx, leadId, ownership.owner(), ownership.repId(), ownership.version())
                            .replaceWithVoid()));
        });
    }

}
