package dev.baton.platform.outbox;

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
 * </ul>
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock key: "baton-outbox" as a number; one per database, i.e. per service. */
    private static final long LOCK_KEY = 0x6261746f6e6f7574L;

    private final Pool pool;
    private final KafkaClients clients;
    private final BatonConfig config;
    private final Semaphore wakeUps = new Semaphore(0);
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong backlog = new AtomicLong();
    private volatile boolean running;
    private volatile Thread thread;
    private volatile SqlConnection lockConnection;

    public OutboxRelay(Pool pool, KafkaClients clients, BatonConfig config, MeterRegistry registry) {
        this.pool = pool;
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
                List<Row> batch = pool.preparedQuery(
                                "SELECT id, topic, message_key, headers, payload FROM outbox ORDER BY id LIMIT $1")
                        .execute(Tuple.of(config.outbox().batchSize()))
                        .await().atMost(Duration.ofSeconds(30))
                        .stream().toList();
                backlog.set(batch.size());
                if (batch.isEmpty()) {
                    wakeUps.tryAcquire(config.outbox().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                    continue;
                }
                int acknowledged = publish(batch);
                if (acknowledged > 0) {
                    Long[] ids = batch.subList(0, acknowledged).stream().map(row -> row.getLong("id")).toArray(Long[]::new);
                    pool.preparedQuery("DELETE FROM outbox WHERE id = ANY($1)")
                            .execute(Tuple.of(ids))
                            .await().atMost(Duration.ofSeconds(30));
                    published.addAndGet(acknowledged);
                }
                if (acknowledged < batch.size()) {
                    pause(config.outbox().retryBackoff());
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

    /** Sends the batch in order and returns how many rows, from the first, the broker acknowledged. */
    private int publish(List<Row> batch) throws InterruptedException {
        List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
        try {
            for (Row row : batch) {
                ProducerRecord<String, String> record = new ProducerRecord<>(row.getString("topic"), null,
                        row.getString("message_key"), row.getString("payload"));
                JsonObject headers = row.getJsonObject("headers");
                for (Map.Entry<String, Object> header : headers) {
                    record.headers().add(new RecordHeader(header.getKey(),
                            String.valueOf(header.getValue()).getBytes(StandardCharsets.UTF_8)));
                }
                sends.add(clients.producer().send(record));
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
                LOG.warnf("outbox event not acknowledged (%s); it stays in the outbox", e.getCause().getMessage());
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
