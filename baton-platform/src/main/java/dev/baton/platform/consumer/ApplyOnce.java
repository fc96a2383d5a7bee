package dev.baton.platform.consumer;

import dev.baton.contract.CloudEvent;
import dev.baton.contract.InvalidEventException;
import dev.baton.contract.LifecycleEvent;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.inbox.Inbox;
import dev.baton.platform.outbox.Transactions;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.UUID;

/**
 * An idempotent consumer in one call: the record is decoded and validated (a poison record goes to the dead-letter
 * topic), then, in one transaction, its CloudEvents id is recorded and — the first time only — its effect applied;
 * events the effect wrote to the outbox are published after the commit. A redelivered event changes nothing.
 */
@ApplicationScoped
public class ApplyOnce {

    /** The effect of one event, inside the transaction that records it as processed. */
    @FunctionalInterface
    public interface Effect<T> {
        Uni<Void> apply(SqlClient tx, T data, String eventId);
    }

    private final EventHandling handling;
    private final Transactions transactions;
    private final Inbox inbox;
    private final String source;

    public ApplyOnce(EventHandling handling, Transactions transactions, Inbox inbox, BatonConfig config) {
        this.handling = handling;
        this.transactions = transactions;
        this.inbox = inbox;
        this.source = CloudEvent.sourceOf(config.service());
    }

    /** Applies an event of any type once. */
    public <T> Uni<Void> event(ConsumerRecord<String, String> record, Class<T> type, Effect<T> effect) {
        return handling.handle(record, decoded -> once(decoded.event(), decoded.event().type().shortName(),
                decoded.dataAs(type), effect));
    }

    /**
     * Applies another service's lifecycle transition once. This service's own events (applied when written) and
     * audit-only events (which move nothing) are skipped; a lead id that is not a Baton lead id, or that differs from
     * the CloudEvents subject, makes the record poison.
     */
    public Uni<Void> lifecycle(ConsumerRecord<String, String> record, Effect<LifecycleEvent> effect) {
        return handling.handle(record, decoded -> {
            if (source.equals(decoded.event().source())) {
                return Uni.createFrom().voidItem();
            }
            LifecycleEvent event = decoded.dataAs(LifecycleEvent.class);
            leadId(event.leadId());
            if (!event.leadId().equals(decoded.event().subject())) {
                throw new InvalidEventException("subject " + decoded.event().subject() + " is not the lead " + event.leadId());
            }
            if (!LifecycleEvent.advancesSequence(event.type())) {
                return Uni.createFrom().voidItem();
            }
            return once(decoded.event(), event.type(), event, effect);
        });
    }

    /** A lead id from an event: a poison record when it is not one. */
    public static UUID leadId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidEventException("'" + text + "' is not a lead id");
        }
    }

    private <T> Uni<Void> once(CloudEvent event, String kind, T data, Effect<T> effect) {
        return transactions.commit(tx -> inbox.firstDelivery(tx, event.id(), kind)
                .flatMap(first -> first ? effect.apply(tx, data, event.id()) : Uni.createFrom().voidItem()));
    }
}
