package dev.baton.marketing.projection;

import dev.baton.contract.Owner;
import dev.baton.contract.OwnershipChanged;
import dev.baton.marketing.lead.HandoffRefusal;
import dev.baton.marketing.lead.LeadRepository;
import dev.baton.platform.consumer.ApplyOnce;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * Marketing's view of what the other services did to its leads: the stage moves made by handoff and sales (from
 * {@code lead.lifecycle.v1}) and the owner (from {@code lead.ownership.v1}). Each event is applied once (inbox) and in
 * per-lead order (an older sequence or ownership version changes nothing). Both topics say who owns the lead
 * ({@code handed-off} and {@code recycled} on one, the ownership record on the other) and arrive in either order: each
 * is kept in its own column, and the boundary holds while either says SALES ({@code Lead#boundaryOwner}).
 */
@ApplicationScoped
public class LeadProjection {

    private static final Logger LOG = Logger.getLogger(LeadProjection.class);

    private final ApplyOnce applyOnce;
    private final LeadRepository leads;

    public LeadProjection(ApplyOnce applyOnce, LeadRepository leads) {
        this.applyOnce = applyOnce;
        this.leads = leads;
    }

    @Incoming("lifecycle")
    public Uni<Void> onLifecycle(ConsumerRecord<String, String> record) {
        return applyOnce.lifecycle(record, (tx, event, eventId) -> {
            UUID leadId = ApplyOnce.leadId(event.leadId());
            return leads.findForUpdate(tx, leadId).flatMap(lead -> {
                if (lead == null) {
                    // A lead marketing never knew: nothing to project.
                    return Uni.createFrom().voidItem();
                }
                if (event.sequence() <= lead.seq()) {
                    LOG.infof("ignoring %s #%d of lead %s: already at #%d", event.type(), event.sequence(), leadId,
                            lead.seq());
                    return Uni.createFrom().voidItem();
                }
                // A handoff answered (handed-off, refused or recycled) ends marketing's wait. handed-off is the handoff
                // service's word that sales owns the lead: it holds the boundary until the ownership record follows.
                Owner lifecycleOwner = switch (event.type()) {
                    case "handed-off" -> Owner.SALES;
                    case "handoff-refused", "recycled" -> Owner.MARKETING;
                    default -> null;
                };
                // A refusal is shown to marketers (the code is optional in the schema); one the handoff service
                // retries itself (no rep yet) keeps the lead pending.
                String code = event.detailText("reasonCode");
                HandoffRefusal refusal = "handoff-refused".equals(event.type()) ? new HandoffRefusal(
                        code == null ? "UNSPECIFIED" : code, event.occurredAt(),
                        Boolean.TRUE.equals(event.detail("retrying"))) : null;
                boolean pending = lifecycleOwner == null ? lead.handoffPending() : refusal != null && refusal.retrying();
                Uni<Void> outcome = "closed".equals(event.type())
                        ? leads.recordOutcome(tx, leadId, event.detailText("outcome"),
                        event.detail("amount") instanceof Number n ? new BigDecimal(n.toString()) : null)
                        : Uni.createFrom().voidItem();
                boolean moves = event.from() != event.to();
                Uni<Void> owned = lifecycleOwner == null ? Uni.createFrom().voidItem()
                        : leads.recordHandoffAnswer(tx, leadId, lifecycleOwner, refusal);
                return outcome
                        .flatMap(v -> owned)
                        .flatMap(v -> moves
                                ? leads.moveStage(tx, leadId, event.to(), event.sequence(), pending, event.occurredAt())
                                : leads.setSequence(tx, leadId, event.sequence(), pending))
                        .flatMap(v -> moves
                                ? leads.recordStage(tx, leadId, event.sequence(), event.type(), event.from(), event.to(),
                                event.occurredAt())
                                : Uni.createFrom().voidItem());
            });
        });
    }

    @Incoming("ownership")
    public Uni<Void> onOwnership(ConsumerRecord<String, String> record) {
        return applyOnce.event(record, OwnershipChanged.class, (tx, ownership, eventId) -> leads.applyOwnership(tx,
                ApplyOnce.leadId(ownership.leadId()), ownership.owner(), ownership.repId(), ownership.version())
                .replaceWithVoid());
    }
}
