package dev.baton.marketing.lead.messaging;

import dev.baton.contract.OwnershipChanged;
import dev.baton.marketing.lead.LeadProjectionService;
import dev.baton.platform.consumer.ApplyOnce;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** {@code lead.ownership.v1}: who owns each lead, each record applied once (inbox). */
@ApplicationScoped
public class OwnershipConsumer {

    private final ApplyOnce applyOnce;
    private final LeadProjectionService projection;

    public OwnershipConsumer(ApplyOnce applyOnce, LeadProjectionService projection) {
        this.applyOnce = applyOnce;
        this.projection = projection;
    }

    @Incoming("ownership")
    public Uni<Void> onOwnership(ConsumerRecord<String, String> record) {
        return applyOnce.event(record, OwnershipChanged.class,
                (tx, ownership, eventId) -> projection.applyOwnership(tx, ownership));
    }
}
