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
 *   <li>send a record whose effect fails the same way {@value #REPEATED_FAILURES} times (bad data, a bug) there too,
 *       so that it cannot stop the records behind it;</li>
 *   <li>wait out any other failure (database or broker down) for as long as it lasts, retrying the same record with
 *       back-off, so that per-lead order holds; the stall is visible in {@link ConsumerStalls}.</li>
 * </ul>
 * The effect itself records the event id in its transaction (see {@code Inbox}). The channels do not give up on a
 * record left unacknowledged meanwhile: {@code throttled.unprocessed-record-max-age.ms=0} in the platform's defaults.
 */
@ApplicationScoped
public class EventHandling {

    static final int REPEATED_FAILURES = 5;
    private static final Logger LOG = Logger.getLogger(EventHandling.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final DeadLetters deadLetters;
    private final ConsumerStalls stalls;

    public EventHandling(DeadLetters deadLetters, ConsumerStalls stalls) {
        this.deadLetters = deadLetters;
        this.stalls = stalls;
    }

    public Uni<Void> handle(ConsumerRecord<String, String> record, Function<CloudEvent.Decoded, Uni<Void>> effect) {
        return attempt(record, effect, 1);
    }

    private Uni<Void> attempt(ConsumerRecord<String, String> record, Function<CloudEvent.Decoded, Uni<Void>> effect,
            int attempt) {
        return Uni.createFrom().item(() -> CloudEvent.decode(record.headers(), record.value()))
                .flatMap(decoded -> effect.apply(decoded))
                .invoke(() -> settled(record, attempt))
                .onFailure().recoverWithUni(failure -> {
                    if (failure instanceof InvalidEventException) {
                        return deadLetter(record, failure.getMessage(), 1);
                    }
                    if (Failures.repeats(failure) && attempt >= REPEATED_FAILURES) {
                        return deadLetter(record, "failed " + attempt + " times: " + Failures.describe(failure), 1);
                    }
                    stalls.failed(partition(record), where(record), attempt, Failures.describe(failure));
                    if (attempt == 1 || attempt % 10 == 0) {
                        LOG.warnf("processing %s failed (%s, attempt %d); retrying", where(record),
                                Failures.describe(failure), attempt);
                    }
                    return Uni.createFrom().voidItem().onItem().delayIt().by(backoff(attempt))
                            .flatMap(v -> attempt(record, effect, attempt + 1));
                });
    }

    /** Dead-letters the record; while the dead-letter topic cannot be written either, waits that out too. */
    private Uni<Void> deadLetter(ConsumerRecord<String, String> record, String error, int attempt) {
        return Uni.createFrom().item(() -> {
                    deadLetters.send(record, error);
                    return (Void) null;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .invoke(() -> settled(record, attempt))
                .onFailure().recoverWithUni(failure -> {
                    stalls.failed(partition(record), where(record), attempt, "dead-letter topic: "
                            + Failures.describe(failure));
                    return Uni.createFrom().voidItem().onItem().delayIt().by(backoff(attempt))
                            .flatMap(v -> deadLetter(record, error, attempt + 1));
                });
    }

    private void settled(ConsumerRecord<String, String> record, int attempt) {
        if (attempt > 1) {
            LOG.infof("processed %s after %d attempts", where(record), attempt);
        }
        stalls.settled(partition(record));
    }

    /** 200 ms, doubling up to 10 s. */
    static Duration backoff(int attempt) {
        long millis = FIRST_BACKOFF.toMillis() << Math.min(attempt - 1, 10);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    private static String partition(ConsumerRecord<String, String> record) {
        return record.topic() + "-" + record.partition();
    }

    private static String where(ConsumerRecord<String, String> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
