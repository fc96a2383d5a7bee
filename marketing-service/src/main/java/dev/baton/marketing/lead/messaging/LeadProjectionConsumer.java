package dev.baton.marketing.lead.messaging;

import dev.baton.marketing.lead.LeadProjectionService;
import dev.baton.platform.consumer.ApplyOnce;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** {@code lead.lifecycle.v1}: the other services' stage moves, each applied once (inbox). */
@ApplicationScoped
public class LifecycleConsumer {

    private final ApplyOnce applyOnce;
    private final LeadProjectionService projection;

    public LifecycleConsumer(ApplyOnce applyOnce, LeadProjectionService projection) {
        this.applyOnce = applyOnce;
        this.projection = projection;
    }

    @Incoming("lifecycle")
    public Uni<Void> onLifecycle(ConsumerRecord<String, String> record) {
        return applyOnce.lifecycle(record, (tx, event, eventId) -> projection.applyLifecycle(tx, event));
    }
}
