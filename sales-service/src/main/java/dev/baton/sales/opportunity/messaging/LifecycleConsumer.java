package dev.baton.sales.opportunity.messaging;

import dev.baton.platform.consumer.ApplyOnce;
import dev.baton.sales.opportunity.HandoffService;
import dev.baton.sales.privacy.ErasureService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The lifecycle topic: handoffs, reassignments and the handoff service's verdicts on the reps' answers, and the
 * erasures marketing asks for.
 */
@ApplicationScoped
public class LifecycleConsumer {

    private final ApplyOnce applyOnce;
    private final HandoffService handoffs;
    private final ErasureService erasures;

    public LifecycleConsumer(ApplyOnce applyOnce, HandoffService handoffs, ErasureService erasures) {
        this.applyOnce = applyOnce;
        this.handoffs = handoffs;
        this.erasures = erasures;
    }

    @Incoming("lifecycle")
    public Uni<Void> onLifecycle(ConsumerRecords<String, String> records) {
        return applyOnce.lifecycle(records, (tx, event, eventId) -> switch (event.type()) {
            case ERASED -> erasures.erase(tx, event, eventId);
            case ERASURE_CONFIRMED -> Uni.createFrom().voidItem(); // for marketing, which leads the erasure
            default -> handoffs.apply(tx, event);
        });
    }
}
