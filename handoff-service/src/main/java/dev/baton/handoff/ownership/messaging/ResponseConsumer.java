package dev.baton.handoff.ownership.messaging;

import dev.baton.contract.HandoffResponse;
import dev.baton.contract.InvalidEventException;
import dev.baton.contract.RejectReason;
import dev.baton.handoff.ownership.OwnershipService;
import dev.baton.handoff.ownership.domain.Answer;
import dev.baton.platform.consumer.ApplyOnce;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.UUID;

/**
 * Sales' answers to handoffs. Each is applied once: its id is recorded in the transaction of its effect. A record that
 * is not a valid event (including a lead id that is not a UUID, or an unknown reason code) goes to the dead-letter
 * topic and changes nothing.
 */
@ApplicationScoped
public class ResponseConsumer {

    private final ApplyOnce applyOnce;
    private final OwnershipService ownership;

    public ResponseConsumer(ApplyOnce applyOnce, OwnershipService ownership) {
        this.applyOnce = applyOnce;
        this.ownership = ownership;
    }

    @Incoming("responses")
    public Uni<Void> onResponse(ConsumerRecords<String, String> records) {
        return applyOnce.events(records, HandoffResponse.class, (tx, response, eventId) -> {
            UUID leadId = ApplyOnce.leadId(response.leadId());
            RejectReason reason = null;
            if ("REJECT".equals(response.decision())) {
                try {
                    reason = RejectReason.valueOf(String.valueOf(response.reasonCode()));
                } catch (IllegalArgumentException e) {
                    throw new InvalidEventException("unknown reason code " + response.reasonCode());
                }
            }
            Answer answer = new Answer(response.decision(), reason, response.actor(), response.opportunityId(),
                    eventId);
            // Sales answers for the rep it names: it counts only when that rep is the current assignee.
            return ownership.respond(tx, leadId, answer,
                            current -> response.repId().equals(current.repId()) ? response.actor() : null)
                    .replaceWithVoid();
        });
    }
}
