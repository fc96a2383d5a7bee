package dev.baton.handoff.rebuild;

import dev.baton.contract.CloudEvent;
import dev.baton.contract.InvalidEventException;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Topics;
import dev.baton.handoff.ownership.domain.HistoryLine;
import dev.baton.handoff.ownership.domain.Ownership;
import dev.baton.handoff.ownership.domain.OwnershipProjection;
import dev.baton.handoff.ownership.persistence.OwnershipRepository;
import dev.baton.handoff.rebuild.persistence.OutboxBacklogRepository;
import dev.baton.platform.BatonConfig;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

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
    private final String bootstrapServers;
    private final String source;
    private final AtomicBoolean running = new AtomicBoolean();

    public RebuildService(Pool pool, Transactions transactions, OwnershipRepository repository,
            OutboxBacklogRepository outbox, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            BatonConfig config) {
        this.pool = pool;
        this.transactions = transactions;
        this.repository = repository;
        this.outbox = outbox;
        this.bootstrapServers = bootstrapServers;
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
                    List<Difference> differences = compare(liveRows, replayed.rows());
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
                            .onItem().transformToUniAndConcatenate(leadId -> transactions.commit(tx ->
                                    repository.findForUpdate(tx, leadId).flatMap(live -> {
                                        Ownership rebuilt = replayed.rows().get(leadId);
                                        if (live != null && live.seq() > rebuilt.seq()) {
                                            ahead.incrementAndGet();
                                            return Uni.createFrom().voidItem();
                                        }
                                        replaced.incrementAndGet();
                                        return repository.replace(tx, rebuilt,
                                                replayed.changes().getOrDefault(leadId, List.of()));
                                    })))
                            .collect().last()
                            .map(v -> new int[] {replaced.get(), ahead.get()});
                });
    }

    private Replayed replay() {
        Map<String, Object> settings = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "handoff-service-rebuild",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        Map<UUID, Ownership> rows = new LinkedHashMap<>();
        Map<UUID, List<HistoryLine>> changes = new HashMap<>();
        Set<String> seen = new HashSet<>();
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
                    if (!fold(record, rows, changes, seen)) {
                        skipped++;
                    }
                }
            }
        }
        LOG.infof("rebuild: %d lifecycle events read (%d not valid), %d leads", read, skipped, rows.size());
        return new Replayed(rows, changes, read, skipped);
    }

    /** Applies one record; false when it is not a valid event (the live consumer dead-letters those). */
    private boolean fold(ConsumerRecord<String, String> record, Map<UUID, Ownership> rows,
            Map<UUID, List<HistoryLine>> changes, Set<String> seen) {
        try {
            CloudEvent.Decoded decoded = CloudEvent.decode(record.headers(), record.value());
            if (!seen.add(decoded.event().id())) {
                return true; // a duplicate delivery of the same event
            }
            LifecycleEvent event = decoded.dataAs(LifecycleEvent.class);
            if (!event.leadId().equals(decoded.event().subject())) {
                return false;
            }
            UUID leadId = UUID.fromString(event.leadId());
            OwnershipProjection.Step step = OwnershipProjection.apply(rows.get(leadId), event, decoded.event().id(),
                    source.equals(decoded.event().source()));
            if (!step.ignored()) {
                rows.put(leadId, step.after());
                if (step.ownershipChanged()) {
                    changes.computeIfAbsent(leadId, id -> new ArrayList<>()).add(HistoryLine.change(step.after(),
                            step.change()));
                }
            }
            return true;
        } catch (InvalidEventException | IllegalArgumentException e) {
            return false;
        }
    }

    private static List<Difference> compare(Map<UUID, Ownership> live, Map<UUID, Ownership> rebuilt) {
        List<Difference> differences = new ArrayList<>();
        Set<UUID> leads = new TreeSet<>(live.keySet());
        leads.addAll(rebuilt.keySet());
        for (UUID leadId : leads) {
            Ownership l = live.get(leadId);
            Ownership r = rebuilt.get(leadId);
            if (l == null || r == null) {
                differences.add(new Difference(leadId, "row", l == null ? null : "present", r == null ? null : "present"));
                continue;
            }
            FIELDS.forEach((name, field) -> {
                Object a = field.apply(l);
                Object b = field.apply(r);
                if (!Objects.equals(a, b)) {
                    differences.add(new Difference(leadId, name, String.valueOf(a), String.valueOf(b)));
                }
            });
        }
        return differences;
    }

    private static final Map<String, Function<Ownership, Object>> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("owner", Ownership::owner);
        FIELDS.put("repId", Ownership::repId);
        FIELDS.put("teamId", Ownership::teamId);
        FIELDS.put("status", Ownership::status);
        FIELDS.put("stage", Ownership::stage);
        FIELDS.put("seq", Ownership::seq);
        FIELDS.put("version", Ownership::version);
        FIELDS.put("slaDueAt", Ownership::slaDueAt);
        FIELDS.put("slaAtRiskAt", Ownership::slaAtRiskAt);
        FIELDS.put("slaAtRiskSent", Ownership::slaAtRiskSent);
        FIELDS.put("reassignments", Ownership::reassignments);
        FIELDS.put("triedReps", Ownership::triedReps);
        FIELDS.put("country", Ownership::country);
        FIELDS.put("updatedAt", Ownership::updatedAt);
    }

    private record Replayed(Map<UUID, Ownership> rows, Map<UUID, List<HistoryLine>> changes, long eventsRead,
            long eventsSkipped) {
    }

    /** One field on which the live registry and the replay disagree. */
    public record Difference(UUID leadId, String field, String live, String rebuilt) {
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
