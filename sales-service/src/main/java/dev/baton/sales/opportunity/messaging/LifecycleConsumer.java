package dev.baton.sales.opportunity.messaging;

import dev.baton.platform.consumer.ApplyOnce;
import dev.baton.sales.opportunity.HandoffService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The lifecycle topic: handoffs, reassignments and the handoff service's verdicts on the reps' answers. */
@ApplicationScoped
public class LifecycleConsumer {

    private final ApplyOnce applyOnce;
    private final HandoffService handoffs;

    public LifecycleConsumer(ApplyOnce applyOnce, HandoffService handoffs) {
        this.applyOnce = applyOnce;
        this.handoffs = handoffs;
    }

    @Incoming("lifecycle")
    public Uni<Void> onLifecycle(ConsumerRecords<String, String> records) {
        return applyOnce.lifecycle(records, (tx, event, eventId) -> handoffs.apply(tx, event));
    }
}
