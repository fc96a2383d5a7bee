package dev.baton.platform.consumer;

import dev.baton.contract.CloudEvent;
import dev.baton.contract.InvalidEventException;
import dev.baton.contract.LifecycleEvent;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.inbox.Inbox;
import dev.baton.platform.outbox.Transactions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * An idempotent consumer in one call: each record is decoded and validated (a poison record goes to the dead-letter
 * topic), then its CloudEvents id is recorded and — the first time only — its effect applied, in the same
 * transaction; events the effect wrote to the outbox are published after the commit. A redelivered event changes
 * nothing.
 *
 * <p>A poll's records are applied together, in their order, in one transaction (one commit, not one per record). When
 * that transaction fails, its records are applied again one at a time, each with {@link EventHandling}'s retry and
 * dead-letter rules, so that one bad record cannot fail the others.
 */
@ApplicationScoped
public class ApplyOnce {

    private static final Logger LOG = Logger.getLogger(ApplyOnce.class);

    /** The effect of one event, inside the transaction that records it as processed. */
    @FunctionalInterface
    public interface Effect<T> {
        Uni<Void> apply(SqlClient tx, T data, String eventId);
    }

    /** What one decoded record does inside a transaction; null when it changes nothing. */
    @FunctionalInterface
    private interface Plan {
        Function<SqlClient, Uni<Void>> of(CloudEvent.Decoded decoded);
    }

    private final EventHandling handling;
    private final Transactions transactions;
    private final Inbox inbox;
    private final String source;
    private final Counter records;
    private final Counter transactionsCommitted;
    private final Counter batchesRetriedAlone;
    private final LifecycleDelay lifecycleDelay;

    public ApplyOnce(EventHandling handling, Transactions transactions, Inbox inbox, BatonConfig config,
            MeterRegistry registry, LifecycleDelay lifecycleDelay) {
        this.handling = handling;
        this.lifecycleDelay = lifecycleDelay;
        this.transactions = transactions;
        this.inbox = inbox;
        this.source = CloudEvent.sourceOf(config.service());
        // Their ratio is the consumers' transactions per record.
        this.records = Counter.builder("baton.consumer.records").description("Records this service's consumers handled")
                .register(registry);
        this.transactionsCommitted = Counter.builder("baton.consumer.transactions")
                .description("Transactions this service's consumers committed").register(registry);
        this.batchesRetriedAlone = Counter.builder("baton.consumer.batches.split")
                .description("Polls whose shared transaction failed and whose records were applied one at a time")
                .register(registry);
    }

    /** Applies each record's event, of any one type, once. */
    public <T> Uni<Void> events(ConsumerRecords<String, String> polled, Class<T> type, Effect<T> effect) {
        return apply(polled, decoded -> once(decoded.event(), decoded.event().type().shortName(),
                decoded.dataAs(type), effect));
    }

    /**
     * Applies each record's lifecycle transition, made by another service, once. This service's own events (applied
     * when written) and audit-only events (which move nothing) are skipped, but for consent and erasure, which every
     * side must honour; a lead id that is not a Baton lead id, or
     * that differs from the CloudEvents subject, makes the record poison. How late it is applied is
     * {@link LifecycleDelay}.
     */
    public Uni<Void> lifecycle(ConsumerRecords<String, String> polled, Effect<LifecycleEvent> effect) {
        return Uni.createFrom().deferred(() -> {
            long since = lifecycleDelay.applying(polled);
            return applyLifecycle(polled, effect).onTermination().invoke(() -> lifecycleDelay.applied(since));
        });
    }

    private Uni<Void> applyLifecycle(ConsumerRecords<String, String> polled, Effect<LifecycleEvent> effect) {
        return apply(polled, decoded -> {
            if (source.equals(decoded.event().source())) {
                return null;
            }
            LifecycleEvent event = decoded.dataAs(LifecycleEvent.class);
            leadId(event.leadId());
            if (!event.leadId().equals(decoded.event().subject())) {
                throw new InvalidEventException("subject " + decoded.event().subject() + " is not the lead " + event.leadId());
            }
            if (!event.advancesSequence() && !event.type().concernsEveryService()) {
                return null;
            }
            return once(decoded.event(), event.type().shortName(), event, effect);
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

    private <T> Function<SqlClient, Uni<Void>> once(CloudEvent event, String kind, T data, Effect<T> effect) {
        return tx -> inbox.firstDelivery(tx, event.id(), kind)
                .flatMap(first -> first ? effect.apply(tx, data, event.id()) : Uni.createFrom().voidItem());
    }

    private Uni<Void> apply(ConsumerRecords<String, String> polled, Plan plan) {
        List<ConsumerRecord<String, String>> all = new ArrayList<>(polled.count());
        polled.forEach(all::add);
        records.increment(all.size());
        if (all.size() == 1) {
            return alone(all.get(0), plan);
        }
        // Decoding is pure: a record that does not decode or plan (poison, mostly) is left to the one-record path.
        List<ConsumerRecord<String, String>> together = new ArrayList<>();
        List<Function<SqlClient, Uni<Void>>> effects = new ArrayList<>();
        List<ConsumerRecord<String, String>> apart = new ArrayList<>();
        for (ConsumerRecord<String, String> record : all) {
            try {
                Function<SqlClient, Uni<Void>> effect = plan.of(CloudEvent.decode(record.headers(), record.value()));
                if (effect != null) {
                    together.add(record);
                    effects.add(effect);
                }
            } catch (RuntimeException e) {
                apart.add(record);
            }
        }
        Uni<Void> shared = effects.isEmpty() ? Uni.createFrom().voidItem()
                : commit(tx -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Function<SqlClient, Uni<Void>> effect : effects) {
                        chain = chain.flatMap(v -> effect.apply(tx));
                    }
                    return chain;
                }).onFailure().recoverWithUni(failure -> {
                    batchesRetriedAlone.increment();
                    LOG.debugf("a poll of %d records failed together (%s); applying them one at a time",
                            together.size(), Failures.describe(failure));
                    return oneByOne(together, plan);
                });
        return shared.flatMap(v -> oneByOne(apart, plan))
                .invoke(() -> handling.settled(all));
    }

    private Uni<Void> oneByOne(List<ConsumerRecord<String, String>> records, Plan plan) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ConsumerRecord<String, String> record : records) {
            chain = chain.flatMap(v -> alone(record, plan));
        }
        return chain;
    }

    /** One record in a transaction of its own, retried and dead-lettered by {@link EventHandling}. */
    private Uni<Void> alone(ConsumerRecord<String, String> record, Plan plan) {
        return handling.handle(record, decoded -> {
            Function<SqlClient, Uni<Void>> effect = plan.of(decoded);
            return effect == null ? Uni.createFrom().voidItem() : commit(effect);
        });
    }

    private Uni<Void> commit(Function<SqlClient, Uni<Void>> work) {
        return transactions.commit(work::apply).invoke(() -> transactionsCommitted.increment());
    }
}
