package dev.baton.handoff.events;

import dev.baton.contract.CloudEvent;
import dev.baton.contract.HandoffResponse;
import dev.baton.contract.InvalidEventException;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.RejectReason;
import dev.baton.handoff.ownership.OwnershipRegistry;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.consumer.EventHandling;
import dev.baton.platform.inbox.Inbox;
import dev.baton.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
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

    private final Pool pool;
    private final Inbox inbox;
    private final OwnershipRegistry registry;
    private final EventHandling handling;
    private final Outbox outbox;
    private final String source;

    public HandoffConsumers(Pool pool, Inbox inbox, OwnershipRegistry registry, EventHandling handling, Outbox outbox,
            BatonConfig config) {
        this.pool = pool;
        this.inbox = inbox;
        this.registry = registry;
        this.handling = handling;
        this.outbox = outbox;
        this.source = CloudEvent.sourceOf(config.service());
    }

    @Incoming("lifecycle")
    public Uni<Void> onLifecycle(ConsumerRecord<String, String> record) {
        return handling.handle(record, decoded -> {
            if (source.equals(decoded.event().source())) {
                return Uni.createFrom().voidItem(); // our own event: applied when it was written
            }
            LifecycleEvent event = decoded.dataAs(LifecycleEvent.class);
            if (!event.leadId().equals(decoded.event().subject())) {
                throw new InvalidEventException("subject " + decoded.event().subject() + " is not the lead " + event.leadId());
            }
            leadId(event.leadId());
            return pool.withTransaction(tx -> inbox.firstDelivery(tx, decoded.event().id(), event.type())
                            .flatMap(first -> first ? registry.onLifecycle(tx, event, decoded.event().id())
                                    : Uni.createFrom().voidItem()))
                    .invoke(outbox::committed);
        });
    }

    @Incoming("responses")
    public Uni<Void> onResponse(ConsumerRecord<String, String> record) {
        return handling.handle(record, decoded -> {
            HandoffResponse response = decoded.dataAs(HandoffResponse.class);
            UUID leadId = leadId(response.leadId());
            RejectReason reason = null;
            if ("REJECT".equals(response.decision())) {
                try {
                    reason = RejectReason.valueOf(String.valueOf(response.reasonCode()));
                } catch (IllegalArgumentException e) {
                    throw new InvalidEventException("unknown reason code " + response.reasonCode());
                }
            }
            OwnershipRegistry.Answer answer = new OwnershipRegistry.Answer(response.decision(), reason,
                    response.actor(), response.opportunityId(), decoded.event().id());
            return pool.withTransaction(tx -> inbox.firstDelivery(tx, decoded.event().id(), "handoff-response")
                            .flatMap(first -> first
                                    ? registry.respond(tx, leadId, answer,
                                            current -> response.repId().equals(current.repId()) ? response.actor() : null)
                                            .replaceWithVoid()
                                    : Uni.createFrom().voidItem()))
                    .invoke(outbox::committed);
        });
    }

    private static UUID leadId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("lead id " + text + " is not a UUID");
        }
    }
}
