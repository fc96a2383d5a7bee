package dev.baton.marketing.lead.messaging;

import dev.baton.contract.EventTypes;
import dev.baton.contract.OwnershipChanged;
import dev.baton.marketing.lead.ErasureService;
import dev.baton.marketing.lead.LeadProjectionService;
import dev.baton.platform.consumer.ApplyOnce;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The two topics that tell marketing what the other services did to its leads, each record applied once (inbox) by
 * {@link LeadProjectionService}.
 */
@ApplicationScoped
public class LeadProjectionConsumer {

    private final ApplyOnce applyOnce;
    private final LeadProjectionService projection;
    private final ErasureService erasures;

    public LeadProjectionConsumer(ApplyOnce applyOnce, LeadProjectionService projection, ErasureService erasures) {
        this.applyOnce = applyOnce;
        this.projection = projection;
        this.erasures = erasures;
    }

    /** {@code lead.lifecycle.v1}: the stage moves made by handoff and sales, and their erasure confirmations. */
    @Incoming("lifecycle")
    public Uni<Void> onLifecycle(ConsumerRecords<String, String> records) {
        return applyOnce.lifecycle(records, (tx, event, eventId) -> event.type() == EventTypes.ERASURE_CONFIRMED
                ? erasures.confirm(tx, event) : projection.applyLifecycle(tx, event));
    }

    /** {@code lead.ownership.v1}: who owns each lead. */
    @Incoming("ownership")
    public Uni<Void> onOwnership(ConsumerRecords<String, String> records) {
        return applyOnce.events(records, OwnershipChanged.class,
                (tx, ownership, eventId) -> projection.applyOwnership(tx, ownership));
    }
}
