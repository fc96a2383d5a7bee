package dev.baton.platform.outbox;

import dev.baton.contract.CloudEvent;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.kafka.KafkaClients;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jboss.logging.Logger;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the outbox to Kafka, in id order, and deletes each row once the broker acknowledged it with
 * {@code acks=all}.
 *
 * <ul>
 *   <li>One relay per service publishes at a time: the holder of the {@link RelayLease}, which it renews at least every
 *       second and must hold while it waits for acknowledgements. A replica that stops renewing loses it within
 *       {@code baton.outbox.lease} and another takes over; a leader that cannot renew drops what it has not sent.</li>
 *   <li>Per-lead order: a lead's events are written while its row is locked, so their ids follow commit order, they
 *       share a key (the lead id), hence a partition, and the idempotent producer keeps their order.</li>
 *   <li>Broker down: sends are retried by the producer with the same sequence numbers (no duplicates) until the broker
 *       is back; the outbox keeps growing meanwhile and the services keep accepting changes.</li>
 *   <li>A record the broker will never take (over {@code baton.outbox.max-record-bytes}, or refused as too large or
 *       invalid) is parked with its error ({@link ParkedEvents}); later records of the same key are held behind it,
 *       everyone else's go on.</li>
 *   <li>At-least-once in the worst case (the relay dies after the broker acknowledged but before the delete): consumers
 *       drop the duplicate by its CloudEvents id.</li>
 *   <li>A service's {@link EventFeed}s (events published from their own table, without an outbox copy) are published in
 *       the same rounds, by the same leader, each in its own order.</li>
 * </ul>
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Longest wait for one database statement of a round. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** How often the leader renews its lease while it publishes. */
    private static final Duration RENEW_EVERY = Duration.ofSeconds(1);
    /**
     * A record is sent only with at least this much lease left, and acknowledgements are awaited no later than that:
     * more than a send may block ({@code max.block.ms}, 2 s) or a renewal may wait (3 s).
     */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(5);
    /** How often the parked count (a gauge) is read again. */
    private static final Duration PARKED_COUNT_EVERY = Duration.ofSeconds(5);

    private final Pool pool;
    private final KafkaClients clients;
    private final BatonConfig config;
    private final ParkedEvents parked;
    private final RelayLease lease;
    private final List<Source> sources = new ArrayList<>();
    private final Semaphore wakeUps = new Semaphore(0);
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong parkedCount = new AtomicLong();
    private final AtomicLong leader = new AtomicLong();
    private volatile boolean running;
    private volatile Thread thread;
    private long renewedAt;
    private long parkedCountAt;

    public OutboxRelay(Pool pool, KafkaClients clients, BatonConfig config, ParkedEvents parked, MeterRegistry registry,
            @Any Instance<EventFeed> feeds) {
        this.pool = pool;
        this.clients = clients;
        this.config = config;
        this.parked = parked;
        this.lease = new RelayLease(pool, config.service() + "@" + ManagementFactory.getRuntimeMXBean().getName() + "/"
                + UUID.randomUUID(), config.outbox().lease());
        sources.add(new OutboxSource());
        for (EventFeed feed : feeds) {
            sources.add(new FeedSource(feed));
            LOG.debugf("the outbox relay also publishes %s", feed.getClass().getSimpleName());
        }
        registry.gauge("baton.outbox.published", published);
        registry.gauge("baton.outbox.backlog", backlog);
        registry.gauge("baton.outbox.parked", parkedCount);
        registry.gauge("baton.outbox.leader", leader);
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.outbox().relay()) {
            LOG.info("outbox relay disabled on this instance");
            return;
        }
        running = true;
        Thread relayThread = new Thread(this::run, "outbox-relay");
        relayThread.setDaemon(true);
        thread = relayThread;
        relayThread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        wakeUp();
        Thread current = thread;
        if (current != null) {
            try {
                current.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            clients.resetProducer(); // nothing more leaves this replica once another may lead
            lease.release();
        }
    }

    /** Publish now rather than at the next poll. */
    public void wakeUp() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    /** Events published since start. */
    public long publishedCount() {
        return published.get();
    }

    /** Whether this replica is the one publishing. */
    public boolean leads() {
        return lease.held();
    }

    private void run() {
        while (running) {
            try {
                if (!confirmLeadership()) {
                    pause(config.outbox().retryBackoff());
                    continue;
                }
                refreshParkedCount();
                if (parkedCount.get() > 0 && parked.moveReleased().await().atMost(TIMEOUT) > 0) {
                    parkedCountAt = 0;
                }
                int waiting = 0;
                boolean stopped = false;
                for (Source source : sources) {
                    List<Pending> batch = source.next(config.outbox().batchSize());
                    if (batch.isEmpty()) {
                        continue;
                    }
                    waiting += batch.size();
                    Round round = publish(batch);
                    if (!round.done().isEmpty()) {
                        source.complete(round.done(), round.parkings());
                        published.addAndGet(round.done().size() - round.parkings().size());
                        if (!round.parkings().isEmpty()) {
                            parkedCountAt = 0;
                        }
                    }
                    if (round.done().size() < batch.size()) {
                        stopped = true;
                        break;
                    }
                }
                backlog.set(waiting);
                if (stopped) {
                    pause(config.outbox().retryBackoff());
                } else if (waiting == 0) {
                    wakeUps.tryAcquire(config.outbox().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf("outbox relay round failed (%s); trying again", e.getMessage());
                    pause(config.outbox().retryBackoff());
                }
            }
        }
        leader.set(0);
    }

    /** Renews the lease when a second has passed since the last renewal; {@code false} when another replica leads. */
    private boolean confirmLeadership() {
        boolean before = leader.get() == 1;
        if (before && lease.held() && System.nanoTime() - renewedAt < RENEW_EVERY.toNanos()) {
            return true;
        }
        boolean holds = lease.renew();
        renewedAt = System.nanoTime();
        leader.set(holds ? 1 : 0);
        if (holds != before) {
            if (holds) {
                parkedCountAt = 0;
                LOG.infof("outbox relay leads (lease %s)", lease.holder());
            } else {
                LOG.warn("outbox relay lost its lease; another replica publishes");
                clients.resetProducer();
            }
        }
        return holds;
    }

    private void refreshParkedCount() {
        if (System.nanoTime() - parkedCountAt > PARKED_COUNT_EVERY.toNanos()) {
            parkedCount.set(parked.count().await().atMost(TIMEOUT));
            parkedCountAt = System.nanoTime();
        }
    }

    /** A record to publish and its place in the table it comes from. */
    private record Pending(ProducerRecord<String, String> record, Object position) {
        String key() {
            return record.key();
        }
    }

    /** What a round settled, from the first record of the batch: published or parked ({@code parkings}). */
    private record Round(List<Pending> done, List<ParkedEvents.Parking> parkings) {
    }

    /** Where the relay reads events from: the outbox table, or a service's {@link EventFeed}. */
    private interface Source {
        List<Pending> next(int max);

        /** The first records of the last {@link #next} are settled: published, or parked as given. */
        void complete(List<Pending> done, List<ParkedEvents.Parking> parkings);
    }

    /** The outbox: rows in id order, deleted once acknowledged or parked (in one transaction). */
    private final class OutboxSource implements Source {
        @Override
        public List<Pending> next(int max) {
            List<Pending> batch = new ArrayList<>();
            for (Row row : pool.preparedQuery("SELECT id, topic, message_key, headers, payload FROM outbox ORDER BY id LIMIT $1")
                    .execute(Tuple.of(max))
                    .await().atMost(TIMEOUT)) {
                ProducerRecord<String, String> record = new ProducerRecord<>(row.getString("topic"), null,
                        row.getString("message_key"), row.getString("payload"));
                JsonObject headers = row.getJsonObject("headers");
                for (Map.Entry<String, Object> header : headers) {
                    record.headers().add(new RecordHeader(header.getKey(),
                            String.valueOf(header.getValue()).getBytes(StandardCharsets.UTF_8)));
                }
                batch.add(new Pending(record, row.getLong("id")));
            }
            return batch;
        }

        @Override
        public void complete(List<Pending> done, List<ParkedEvents.Parking> parkings) {
            Long[] ids = done.stream().map(p -> (Long) p.position()).toArray(Long[]::new);
            pool.withTransaction(tx -> stillLeads(tx, parkings).flatMap(v -> parked.park(tx, parkings))
                            .flatMap(v -> tx.preparedQuery("DELETE FROM outbox WHERE id = ANY($1)").execute(Tuple.of(ids))))
                    .await().atMost(TIMEOUT);
        }
    }

    /** Parks only while this replica holds the lease: a deposed leader would hold back what the new one published. */
    private Uni<Void> stillLeads(io.vertx.mutiny.sqlclient.SqlClient tx, List<ParkedEvents.Parking> parkings) {
        if (parkings.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("SELECT 1 FROM relay_lease WHERE holder = $1 AND expires_at > now()")
                .execute(Tuple.of(lease.holder()))
                .invoke(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new IllegalStateException("lease lost before parking");
                    }
                }).replaceWithVoid();
    }

    /** A service's own table of events; parked events are copied aside before the feed moves past them. */
    private final class FeedSource implements Source {
        private final EventFeed feed;

        FeedSource(EventFeed feed) {
            this.feed = feed;
        }

        @Override
        public List<Pending> next(int max) {
            List<Pending> batch = new ArrayList<>();
            for (EventFeed.FeedEvent pending : feed.next(max).await().atMost(TIMEOUT)) {
                CloudEvent event = pending.event();
                ProducerRecord<String, String> record = new ProducerRecord<>(event.type().topic(), null,
                        event.subject(), event.data());
                event.kafkaHeaders().forEach(record.headers()::add);
                batch.add(new Pending(record, pending));
            }
            return batch;
        }

        @Override
        public void complete(List<Pending> done, List<ParkedEvents.Parking> parkings) {
            if (!parkings.isEmpty()) {
                pool.withTransaction(tx -> stillLeads(tx, parkings).flatMap(v -> parked.park(tx, parkings)))
                        .await().atMost(TIMEOUT);
            }
            feed.published(done.stream().map(p -> (EventFeed.FeedEvent) p.position()).toList()).await().atMost(TIMEOUT);
        }
    }

    /**
     * Sends the batch in order, parking what the broker will never take, and returns what is settled from the first
     * record on: it stops at the first record that failed for a passing reason (broker down), or when the lease could
     * not be confirmed while waiting.
     */
    private Round publish(List<Pending> batch) throws InterruptedException {
        // Parked rows appear only through a leader's own parking, which re-reads the count: none, nothing to hold.
        Set<String> held = parkedCount.get() == 0 ? new HashSet<>() : parked.heldKeys(keysOf(batch)).await().atMost(TIMEOUT);
        long limit = config.outbox().maxRecordBytes();
        List<Object> slots = new ArrayList<>(batch.size());
        try {
            for (Pending pending : batch) {
                if (held.contains(pending.key())) {
                    slots.add(parking(pending, ParkedEvents.State.HELD, "held behind a refused event of the same key"));
                } else if (overLimit(pending.record(), limit)) {
                    held.add(pending.key());
                    slots.add(parking(pending, ParkedEvents.State.REFUSED, "record of " + sizeOf(pending.record())
                            + " bytes is over the limit of " + limit + " bytes (baton.outbox.max-record-bytes)"));
                } else {
                    if (lease.remaining().compareTo(LEASE_MARGIN) < 0) {
                        break;
                    }
                    Future<RecordMetadata> send = clients.producer().send(pending.record());
                    slots.add(send);
                    if (send.isDone() && failed(send)) {
                        break; // not even queued (no metadata yet): nothing after it may go out before it
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay cannot send yet (%s)", e.getMessage());
        }
        List<Pending> done = new ArrayList<>(slots.size());
        List<ParkedEvents.Parking> parkings = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            Pending pending = batch.get(i);
            if (slots.get(i) instanceof ParkedEvents.Parking parking) {
                parkings.add(parking);
                done.add(pending);
                continue;
            }
            @SuppressWarnings("unchecked")
            Future<RecordMetadata> send = (Future<RecordMetadata>) slots.get(i);
            try {
                if (!awaitWithinLease(send)) {
                    LOG.warn("outbox relay could not confirm its lease while waiting for the broker; it stops sending");
                    clients.resetProducer();
                    leader.set(0);
                    break;
                }
                done.add(pending);
            } catch (ExecutionException e) {
                if (!refusedForGood(e.getCause())) {
                    LOG.warnf("event not acknowledged (%s); it will be published again", e.getCause().getMessage());
                    break;
                }
                LOG.errorf("the broker refused an event of %s for good (%s); parked, see /ops/parked",
                        pending.record().topic(), e.getCause().getMessage());
                held.add(pending.key());
                parkings.add(parking(pending, ParkedEvents.State.REFUSED, e.getCause().toString()));
                done.add(pending);
            }
        }
        return new Round(done, parkings);
    }

    /** Waits for the acknowledgement, renewing the lease meanwhile; {@code false} once the lease is not confirmed. */
    private boolean awaitWithinLease(Future<RecordMetadata> send) throws ExecutionException, InterruptedException {
        while (running) {
            Duration left = lease.remaining().minus(LEASE_MARGIN);
            try {
                send.get(Math.max(1, left.toMillis()), TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                if (!lease.renew()) {
                    return false;
                }
                renewedAt = System.nanoTime();
            }
        }
        return false;
    }

    private static boolean failed(Future<RecordMetadata> send) {
        try {
            send.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Errors that sending the same record again can never cure. */
    static boolean refusedForGood(Throwable error) {
        return error instanceof RecordTooLargeException || error instanceof RecordBatchTooLargeException
                || error instanceof InvalidRecordException || error instanceof SerializationException;
    }

    /** The record's size as the broker counts it, near enough: key, value and headers, plus the record overhead. */
    static boolean overLimit(ProducerRecord<String, String> record, long limit) {
        // A char is at most 3 UTF-8 bytes: most records are far under the limit without encoding them.
        long bound = 64 + 3L * (length(record.key()) + length(record.value()));
        for (Header header : record.headers()) {
            bound += 3L * header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        return bound > limit && sizeOf(record) > limit;
    }

    static long sizeOf(ProducerRecord<String, String> record) {
        long size = 64 + utf8(record.key()) + utf8(record.value());
        for (Header header : record.headers()) {
            size += utf8(header.key()) + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    private static long utf8(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static Set<String> keysOf(List<Pending> batch) {
        Set<String> keys = new HashSet<>();
        batch.forEach(p -> keys.add(p.key()));
        return keys;
    }

    private static ParkedEvents.Parking parking(Pending pending, ParkedEvents.State state, String error) {
        ProducerRecord<String, String> record = pending.record();
        JsonObject headers = new JsonObject();
        String eventId = null;
        for (Header header : record.headers()) {
            String value = new String(header.value(), StandardCharsets.UTF_8);
            headers.put(header.key(), value);
            if (header.key().equals("ce_id")) {
                eventId = value;
            }
        }
        Long outboxId = pending.position() instanceof Long id ? id : null;
        return new ParkedEvents.Parking(outboxId, UUID.fromString(eventId), record.topic(), record.key(), headers, record.value(),
                state, error);
    }

    private void pause(Duration duration) {
        try {
            wakeUps.tryAcquire(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
