package dev.baton.handoff.handoffs.messaging;

import dev.baton.handoff.handoffs.HandoffService;
import dev.baton.platform.consumer.ApplyOnce;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The lifecycle of the other services (identified, qualified, and their transitions), applied to the registry; a
 * qualified lead is then handed off or refused. Each event is applied once: its id is recorded in the transaction of
 * its effect. A record that is not a valid event goes to the dead-letter topic and changes nothing.
 */
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
        return applyOnce.lifecycle(records, handoffs::onLifecycle);
    }
}
