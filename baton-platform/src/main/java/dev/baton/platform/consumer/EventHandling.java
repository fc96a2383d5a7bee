package dev.baton.platform.consumer;

import dev.baton.contract.CloudEvent;
import dev.baton.contract.InvalidEventException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.function.Function;

/**
 * The common shape of every Baton consumer: decode and validate the record, apply its effect, and
 * <ul>
 *   <li>send a poison record (not JSON, wrong schema, unknown type, or refused by the effect as invalid) to the
 *       dead-letter topic and go on with the next record;</li>
 *   <li>retry any other failure (database down...) with back-off, without skipping the record, so that per-lead order
 *       holds.</li>
 * </ul>
 * The effect itself records the event id in its transaction (see {@code Inbox}).
 */
@ApplicationScoped
public class EventHandling {

    private static final Logger LOG = Logger.getLogger(EventHandling.class);

    private final DeadLetters deadLetters;

    public EventHandling(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    public Uni<Void> handle(ConsumerRecord<String, String> record, Function<CloudEvent.Decoded, Uni<Void>> effect) {
        return Uni.createFrom().item(() -> CloudEvent.decode(record.headers(), record.value()))
                .flatMap(decoded -> effect.apply(decoded))
                .onFailure(e -> !(e instanceof InvalidEventException))
                .invoke(e -> LOG.warnf("processing %s-%d@%d failed (%s); retrying", record.topic(), record.partition(),
                        record.offset(), e.getMessage()))
                .onFailure(e -> !(e instanceof InvalidEventException))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .onFailure(InvalidEventException.class)
                .recoverWithUni(e -> Uni.createFrom().item(() -> {
                    deadLetters.send(record, e.getMessage());
                    return (Void) null;
                }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }
}
