package dev.baton.handoff.events;

import dev.baton.contract.HandoffResponse;
import dev.baton.contract.InvalidEventException;
import dev.baton.contract.RejectReason;
import dev.baton.handoff.ownership.OwnershipRegistry;
import dev.baton.platform.consumer.ApplyOnce;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.UUID;

/**
 * What the handoff service listens to: the lifecycle (identified, qualified, and the other services' transitions) and
 * the sales responses. Each event is applied once: its id is recorded in the transaction of its effect. A record that
 * is not a valid event (including a lead id that is not a UUID) goes to the dead-letter topic and changes nothing.
 */
@ApplicationScoped
public class HandoffConsumers {

    private final ApplyOnce applyOnce;
    private final OwnershipRegistry registry;

    public HandoffConsumers(ApplyOnce applyOnce, OwnershipRegistry registry) {
        this.applyOnce = applyOnce;
        this.registry = registry;
    }

    @Incoming("lifecycle")
    public Uni<Void> onLifecycle(ConsumerRecord<String, String> record) {
        return applyOnce.lifecycle(record, registry::onLifecycle);
    }

    @Incoming("responses")
    public Uni<Void> onResponse(ConsumerRecord<String, String> record) {
        return applyOnce.event(record, HandoffResponse.class, (tx, response, eventId) -> {
            UUID leadId = ApplyOnce.leadId(response.leadId());
            RejectReason reason = null;
            if ("REJECT".equals(response.decision())) {
                try {
                    reason = RejectReason.valueOf(String.valueOf(response.reasonCode()));
                } catch (IllegalArgumentException e) {
                    throw new InvalidEventException("unknown reason code " + response.reasonCode());
                }
            }
            OwnershipRegistry.Answer answer = new OwnershipRegistry.Answer(response.decision(), reason,
                    response.actor(), response.opportunityId(), eventId);
            return registry.respond(tx, leadId, answer,
                            current -> response.repId().equals(current.repId()) ? response.actor() : null)
                    .replaceWithVoid();
        });
    }
}
