package dev.baton.handoff.rebuild;

import dev.baton.contract.CloudEvent;
import dev.baton.contract.InvalidEventException;
import dev.baton.contract.Topics;
import dev.baton.handoff.ownership.domain.Ownership;
import dev.baton.handoff.ownership.persistence.OwnershipRepository;
import dev.baton.handoff.rebuild.domain.Difference;
import dev.baton.handoff.rebuild.domain.RegistryReplay;
import dev.baton.handoff.rebuild.persistence.OutboxBacklogRepository;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.kafka.KafkaClients;
import dev.baton.platform.outbox.Transactions;
import dev.baton.platform.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rebuilds the ownership registry from {@code lead.lifecycle.v1} alone: a plain consumer (no group, nothing committed)
 * reads the topic from the beginning up to its end at the start of the rebuild and folds every valid event through
 * {@link OwnershipProjection}, the rule the live service applies. The result is compared with the live registry and,
 * when asked, written over it: each lead's row and its ownership changes (refusals stay, they are not all on the
 * topic). A lead whose live row is ahead of the replay (events published after the rebuild started) is left alone.
 */
@ApplicationScoped
public class RebuildService {

    private static final Logger LOG = Logger.getLogger(RebuildService.class);
    private static final int MAX_LISTED = 500;
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

    private final Pool pool;
    private final Transactions transactions;
    private final OwnershipRepository repository;
    private final OutboxBacklogRepository outbox;
    private final KafkaClients kafka;
    private final String source;
    private final AtomicBoolean running = new AtomicBoolean();

    public RebuildService(Pool pool, Transactions transactions, OwnershipRepository repository,
            OutboxBacklogRepository outbox, KafkaClients kafka, BatonConfig config) {
        this.pool = pool;
        this.transactions = transactions;
        this.repository = repository;
        this.outbox = outbox;
        this.kafka = kafka;
        this.source = CloudEvent.sourceOf(config.service());
    }

    /** Replays the topic, compares, and writes the rebuilt rows over the live ones when {@code apply}. */
    public Uni<RebuildReport> rebuild(boolean apply) {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().failure(ProblemException.conflict("rebuild-running", "a rebuild is already running"));
        }
        return Uni.createFrom().item(this::replay).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(replayed -> repository.all(pool).flatMap(live -> {
                    Map<UUID, Ownership> liveRows = new HashMap<>();
                    live.forEach(o -> liveRows.put(o.leadId(), o));
                    List<Difference> differences = Difference.between(liveRows, replayed.rows());
                    Set<UUID> differing = new TreeSet<>();
                    differences.forEach(d -> differing.add(d.leadId()));
                    Uni<int[]> written = apply ? write(replayed, differing) : Uni.createFrom().item(new int[] {0, 0});
                    return written.map(counts -> new RebuildReport(apply, replayed.eventsRead(),
                            replayed.eventsSkipped(), replayed.rows().size(), differing.size(), counts[0], counts[1],
                            differences.stream().limit(MAX_LISTED).toList()));
                }))
                .eventually(() -> running.set(false));
    }

    /** Writes the rebuilt rows of the differing leads; returns {replaced, left because the live row is ahead}. */
    private Uni<int[]> write(Replayed replayed, Set<UUID> differing) {
        AtomicInteger replaced = new AtomicInteger();
        AtomicInteger ahead = new AtomicInteger();
        List<UUID> leads = differing.stream().filter(replayed.rows()::containsKey).toList();
        return outbox.pending(pool, Topics.LIFECYCLE)
                .flatMap(pending -> {
                    if (pending > 0) {
                        throw ProblemException.conflict("outbox-not-drained", "lifecycle events of this service are"
                                + " not all published yet; the registry is ahead of the topic: try again shortly");
                    }
                    return Multi.createFrom().iterable(leads)
                            // Counted after the commit: a transaction ended as a deadlock victim runs again.
                            .onItem().transformToUniAndConcatenate(leadId -> transactions.commit(tx ->
                                    repository.findForUpdate(tx, leadId).flatMap(live -> {
                                        Ownership rebuilt = replayed.rows().get(leadId);
                                        if (live != null && live.seq() > rebuilt.seq()) {
                                            return Uni.createFrom().item(false);
                                        }
                                        return repository.replace(tx, rebuilt,
                                                replayed.replay().changesOf(leadId)).replaceWith(true);
                                    }))
                                    .invoke(wasReplaced -> (wasReplaced ? replaced : ahead).incrementAndGet()))
                            .collect().last()
                            .map(v -> new int[] {replaced.get(), ahead.get()});
                });
    }

    private Replayed replay() {
        // The address and security settings every other client of the service uses (TLS, SASL).
        Map<String, Object> settings = new HashMap<>(kafka.connection());
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "handoff-service-rebuild");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        RegistryReplay replay = new RegistryReplay(source);
        long read = 0;
        long skipped = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.LIFECYCLE, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(Topics.LIFECYCLE, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, Duration.ofSeconds(30)) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the lifecycle topic could not be read to its end in " + READ_TIMEOUT);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    read++;
                    if (!fold(replay, record)) {
                        skipped++;
                    }
                }
            }
        }
        LOG.infof("rebuild: %d lifecycle events read (%d not valid), %d leads", read, skipped, replay.rows().size());
        return new Replayed(replay, read, skipped);
    }

    private static boolean fold(RegistryReplay replay, ConsumerRecord<String, String> record) {
        try {
            return replay.fold(CloudEvent.decode(record.headers(), record.value()));
        } catch (InvalidEventException | IllegalArgumentException e) {
            return false;
        }
    }

    private record Replayed(RegistryReplay replay, long eventsRead, long eventsSkipped) {

        Map<UUID, Ownership> rows() {
            return replay.rows();
        }
    }

    /**
     * What a rebuild found and did.
     *
     * @param applied       whether the rebuilt rows were written
     * @param eventsRead    lifecycle records read from the beginning of the topic
     * @param eventsSkipped records that are not valid events (the live consumer dead-lettered them)
     * @param leads         leads the replay knows
     * @param differingLeads leads whose live row differs from the replay
     * @param replaced      leads whose row (and ownership changes) were rewritten
     * @param liveAhead     differing leads left alone because their live row is ahead of the replay
     * @param differences   the differences (at most 500)
     */
    public record RebuildReport(boolean applied, long eventsRead, long eventsSkipped, int leads, int differingLeads,
            int replaced, int liveAhead, List<Difference> differences) {
    }
}
