package dev.baton.platform.outbox;

import dev.baton.contract.CloudEvent;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.kafka.KafkaClients;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the outbox to Kafka, in id order, and deletes each row once the broker acknowledged it with
 * {@code acks=all}.
 *
 * <ul>
 *   <li>One relay per service publishes at a time: it holds a PostgreSQL advisory lock on a connection of its own, so
 *       that replicas do not race (which would break per-lead order). Another replica takes over when that connection
 *       dies.</li>
 *   <li>Per-lead order: a lead's events are written while its row is locked, so their ids follow commit order, they
 *       share a key (the lead id), hence a partition, and the idempotent producer keeps their order.</li>
 *   <li>Broker down: sends are retried by the producer with the same sequence numbers (no duplicates) until the broker
 *       is back; the outbox keeps growing meanwhile and the services keep accepting changes.</li>
 *   <li>At-least-once in the worst case (the relay dies after the broker acknowledged but before the delete): consumers
 *       drop the duplicate by its CloudEvents id.</li>
 *   <li>A service's {@link EventFeed}s (events published from their own table, without an outbox copy) are published in
 *       the same rounds, under the same lock, each in its own order.</li>
 * </ul>
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock key: "baton-outbox" as a number; one per database, i.e. per service. */
    private static final long LOCK_KEY = 0x6261746f6e6f7574L;
    /** Longest wait for one database statement of a round. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Pool pool;
    private final KafkaClients clients;
    private final BatonConfig config;
    private final List<Source> sources = new ArrayList<>();
    private final Semaphore wakeUps = new Semaphore(0);
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong backlog = new AtomicLong();
    private volatile boolean running;
    private volatile Thread thread;
    private volatile SqlConnection lockConnection;

    public OutboxRelay(Pool pool, KafkaClients clients, BatonConfig config, MeterRegistry registry,
            @Any Instance<EventFeed> feeds) {
        this.pool = pool;
        sources.add(new OutboxSource());
        for (EventFeed feed : feeds) {
            sources.add(new FeedSource(feed));
            LOG.debugf("the outbox relay also publishes %s", feed.getClass().getSimpleName());
        }
        this.clients = clients;
        this.config = config;
        registry.gauge("baton.outbox.published", published);
        registry.gauge("baton.outbox.backlog", backlog);
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
        }
        SqlConnection connection = lockConnection;
        if (connection != null) {
            connection.closeAndForget();
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

    private void run() {
        while (running) {
            try {
                if (!holdsLock()) {
                    pause(config.outbox().retryBackoff().multipliedBy(3));
                    continue;
                }
                int waiting = 0;
                boolean failed = false;
                for (Source source : sources) {
                    List<Pending> batch = source.next(config.outbox().batchSize());
                    if (batch.isEmpty()) {
                        continue;
                    }
                    waiting += batch.size();
                    int acknowledged = publish(batch);
                    if (acknowledged > 0) {
                        source.published(batch.subList(0, acknowledged));
                        published.addAndGet(acknowledged);
                    }
                    if (acknowledged < batch.size()) {
                        failed = true;
                        break;
                    }
                }
                backlog.set(waiting);
                if (failed) {
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
    }

    /** A record to publish and its place in the table it comes from. */
    private record Pending(ProducerRecord<String, String> record, Object position) {
    }

    /** Where the relay reads events from: the outbox table, or a service's {@link EventFeed}. */
    private interface Source {
        List<Pending> next(int max);

        void published(List<Pending> acknowledged);
    }

    /** The outbox: rows in id order, deleted once acknowledged. */
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
        public void published(List<Pending> acknowledged) {
            Long[] ids = acknowledged.stream().map(p -> (Long) p.position()).toArray(Long[]::new);
            pool.preparedQuery("DELETE FROM outbox WHERE id = ANY($1)").execute(Tuple.of(ids)).await().atMost(TIMEOUT);
        }
    }

    /** A service's own table of events. */
    private record FeedSource(EventFeed feed) implements Source {
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
        public void published(List<Pending> acknowledged) {
            feed.published(acknowledged.stream().map(p -> (EventFeed.FeedEvent) p.position()).toList())
                    .await().atMost(TIMEOUT);
        }
    }

    /** Sends the batch in order and returns how many records, from the first, the broker acknowledged. */
    private int publish(List<Pending> batch) throws InterruptedException {
        List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
        try {
            for (Pending pending : batch) {
                sends.add(clients.producer().send(pending.record()));
            }
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay cannot send yet (%s)", e.getMessage());
        }
        int acknowledged = 0;
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get();
                acknowledged++;
            } catch (ExecutionException e) {
                LOG.warnf("event not acknowledged (%s); it will be published again", e.getCause().getMessage());
                break;
            }
        }
        return acknowledged;
    }

    private boolean holdsLock() {
        if (lockConnection != null) {
            return true;
        }
        try {
            SqlConnection connection = pool.getConnection().await().atMost(Duration.ofSeconds(10));
            Boolean locked = connection.preparedQuery("SELECT pg_try_advisory_lock($1) AS locked")
                    .execute(Tuple.of(LOCK_KEY))
                    .await().atMost(Duration.ofSeconds(10))
                    .iterator().next().getBoolean("locked");
            if (Boolean.TRUE.equals(locked)) {
                connection.closeHandler(() -> {
                    if (running) {
                        LOG.warn("outbox relay lost its lock connection; it will take the lock again");
                    }
                    lockConnection = null;
                });
                lockConnection = connection;
                LOG.info("outbox relay holds the publishing lock");
                return true;
            }
            connection.closeAndForget();
            return false;
        } catch (RuntimeException e) {
            LOG.debugf("outbox relay cannot take the lock yet: %s", e.getMessage());
            return false;
        }
    }

    private void pause(Duration duration) {
        try {
            wakeUps.tryAcquire(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
