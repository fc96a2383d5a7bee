package dev.baton.sales.lead.messaging;

import dev.baton.contract.OwnershipChanged;
import dev.baton.platform.consumer.ApplyOnce;
import dev.baton.sales.lead.LeadViewService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The ownership topic: which leads sales owns, and for which rep. */
@ApplicationScoped
public class OwnershipConsumer {

    private final ApplyOnce applyOnce;
    private final LeadViewService leads;

    public OwnershipConsumer(ApplyOnce applyOnce, LeadViewService leads) {
        this.applyOnce = applyOnce;
        this.leads = leads;
    }

    @Incoming("ownership")
    public Uni<Void> onOwnership(ConsumerRecords<String, String> records) {
        return applyOnce.events(records, OwnershipChanged.class, (tx, ownership, eventId) -> leads.applyOwnership(tx, ownership));
    }
}
