package dev.baton.platform.consumer;

import dev.baton.contract.CloudEvent;
import dev.baton.contract.InvalidEventException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collection;
import java.util.function.Function;

/**
 * The common shape of every Baton consumer: decode and validate the record, apply its effect, and
 * <ul>
 *   <li>send a poison record (not JSON, wrong schema, unknown type, or refused by the effect as invalid) to the
 *       dead-letter topic and go on with the next record;</li>
 *   <li>send a record whose effect fails the same way {@value #REPEATED_FAILURES} times in a row (bad data, a bug)
 *       there too,
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
        Attempts attempts = new Attempts(record);
        // One subscription re-run in place (retry), not a chain growing with every attempt of a long outage.
        return Uni.createFrom().item(() -> CloudEvent.decode(record.headers(), record.value()))
                .flatMap(effect::apply)
                .onFailure(attempts::worthRetrying)
                .retry().withBackOff(FIRST_BACKOFF, MAX_BACKOFF).indefinitely()
                .invoke(() -> settled(record, attempts.count))
                .onFailure().recoverWithUni(failure -> deadLetter(record, attempts.reason(failure)));
    }

    /** Dead-letters the record; while the dead-letter topic cannot be written either, waits that out too. */
    private Uni<Void> deadLetter(ConsumerRecord<String, String> record, String error) {
        int[] attempt = {0};
        return Uni.createFrom().item(() -> {
                    attempt[0]++;
                    deadLetters.send(record, error);
                    return (Void) null;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().invoke(failure -> stalls.failed(partition(record), where(record), attempt[0],
                        "dead-letter topic: " + Failures.describe(failure)))
                .onFailure().retry().withBackOff(FIRST_BACKOFF, MAX_BACKOFF).indefinitely()
                .invoke(() -> settled(record, attempt[0]));
    }

    /** The failures of one record so far: retried unless poison, or failing the same repeatable way too often. */
    private final class Attempts {
        private final ConsumerRecord<String, String> record;
        private int count;
        private String lastKind;
        private int sameKind;

        Attempts(ConsumerRecord<String, String> record) {
            this.record = record;
        }

        boolean worthRetrying(Throwable failure) {
            count++;
            if (failure instanceof InvalidEventException) {
                return false;
            }
            String kind = Failures.describe(failure);
            sameKind = kind.equals(lastKind) ? sameKind + 1 : 1;
            lastKind = kind;
            if (Failures.repeats(failure) && sameKind >= REPEATED_FAILURES) {
                return false;
            }
            stalls.failed(partition(record), where(record), count, kind);
            if (count == 1 || count % 10 == 0) {
                LOG.warnf("processing %s failed (%s, attempt %d); retrying", where(record), kind, count);
            }
            return true;
        }

        String reason(Throwable failure) {
            return failure instanceof InvalidEventException ? failure.getMessage()
                    : "failed " + sameKind + " times in a row: " + Failures.describe(failure);
        }
    }

    /** The records were applied (together): their partitions are no longer stalled. */
    void settled(Collection<ConsumerRecord<String, String>> records) {
        records.stream().map(EventHandling::partition).distinct().forEach(stalls::settled);
    }

    private void settled(ConsumerRecord<String, String> record, int failures) {
        if (failures > 0) {
            LOG.infof("processed %s after %d failed attempts", where(record), failures);
        }
        stalls.settled(partition(record));
    }

    private static String partition(ConsumerRecord<String, String> record) {
        return record.topic() + "-" + record.partition();
    }

    private static String where(ConsumerRecord<String, String> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
