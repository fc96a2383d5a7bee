package dev.baton.marketing.engagement;

import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.marketing.campaign.Campaigns;
import dev.baton.marketing.lead.LeadRepository;
import dev.baton.marketing.lead.LeadService;
import dev.baton.contract.Json;
import dev.baton.platform.outbox.Outbox;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records engagement durably (one transaction per call, one round trip per table) before answering, once per eventId;
 * {@link EngagementFeed} publishes each newly recorded event on {@code marketing.engagement.v1} from its row.
 *
 * <p>Single events are committed in groups: while {@link IngestionConfig#concurrentGroups()} transactions are running,
 * the events that arrive wait and go together into the next one (group commit). Each caller is still answered only
 * after its own event is committed; under light load every event has a transaction of its own and waits for nothing.
 */
@ApplicationScoped
public class EngagementService {

    private static final Logger LOG = Logger.getLogger(EngagementService.class);

    private final Pool pool;
    private final Outbox outbox;
    private final Campaigns campaigns;
    private final LeadRepository leads;
    private final LeadService leadService;
    private final IngestionConfig ingestion;
    private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger runningGroups = new AtomicInteger();
    private final DistributionSummary groupSizes;

    public EngagementService(Pool pool, Outbox outbox, Campaigns campaigns, LeadRepository leads,
            LeadService leadService, IngestionConfig ingestion, MeterRegistry registry) {
        this.pool = pool;
        this.outbox = outbox;
        this.campaigns = campaigns;
        this.leads = leads;
        this.leadService = leadService;
        this.ingestion = ingestion;
        this.groupSizes = DistributionSummary.builder("baton.engagement.group.size")
                .description("Single engagement events committed in one transaction (group commit)")
                .register(registry);
    }

    /** A single event waiting for its group's transaction. */
    private record Waiting(EngagementRequest request, Actor actor, CompletableFuture<EngagementResult> answer) {
    }

    /**
     * Records one event, in the next group commit: answered once the transaction holding it has committed (or with
     * the reason it was rejected).
     */
    public Uni<EngagementResult> recordOne(EngagementRequest request, Actor actor) {
        CompletableFuture<EngagementResult> answer = new CompletableFuture<>();
        waiting.add(new Waiting(request, actor, answer));
        startGroups();
        return Uni.createFrom().completionStage(answer);
    }

    /**
     * Starts a transaction for the waiting events while fewer than the configured number run. Called after every
     * arrival and after every commit: whichever comes last sees the other's work (add, then check; finish, then check).
     */
    private void startGroups() {
        while (!waiting.isEmpty()) {
            int running = runningGroups.get();
            if (running >= ingestion.concurrentGroups()) {
                return;
            }
            if (!runningGroups.compareAndSet(running, running + 1)) {
                continue;
            }
            List<Waiting> group = new ArrayList<>();
            Waiting next;
            while (group.size() < ingestion.maxGroupSize() && (next = waiting.poll()) != null) {
                group.add(next);
            }
            if (group.isEmpty()) {
                runningGroups.decrementAndGet();
                continue;
            }
            groupSizes.record(group.size());
            commit(group).subscribe().with(ignored -> groupDone(), failure -> groupDone());
        }
    }

    private void groupDone() {
        runningGroups.decrementAndGet();
        startGroups();
    }

    /**
     * Commits a group and answers each of its callers. When the group's transaction fails and it held more than one
     * event, each event is tried again in a transaction of its own, so that one event cannot fail the others.
     */
    private Uni<Void> commit(List<Waiting> group) {
        List<EngagementRequest> requests = new ArrayList<>(group.size());
        List<Actor> actors = new ArrayList<>(group.size());
        for (Waiting w : group) {
            requests.add(w.request());
            actors.add(w.actor());
        }
        return record(requests, actors)
                .invoke(results -> {
                    for (int i = 0; i < group.size(); i++) {
                        group.get(i).answer().complete(results.get(i));
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    if (group.size() == 1) {
                        group.get(0).answer().completeExceptionally(failure);
                        return Uni.createFrom().voidItem();
                    }
                    LOG.debugf("a group of %d engagement events failed (%s); recording them one by one", group.size(),
                            failure.getMessage());
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Waiting w : group) {
                        chain = chain.flatMap(v -> commit(List.of(w)));
                    }
                    return chain;
                });
    }

    /**
     * Records the events durably and once each, attributes them to their campaign, and re-scores the known leads they
     * belong to (which may qualify them), all in one transaction.
     */
    public Uni<List<EngagementResult>> record(List<EngagementRequest> requests, Actor actor) {
        return record(requests, Collections.nCopies(requests.size(), actor));
    }

    /**
     * As {@link #record(List, Actor)}, each event with the actor that sent it (a group commit gathers several callers);
     * the results are in the order of the requests.
     */
    private Uni<List<EngagementResult>> record(List<EngagementRequest> requests, List<Actor> actors) {
        Map<String, EngagementResult> results = new LinkedHashMap<>();
        Map<String, Actor> actorOf = new HashMap<>();
        List<EngagementRequest> valid = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requests.size(); i++) {
            EngagementRequest request = requests.get(i);
            String problem = problemOf(request);
            if (problem != null) {
                results.put(request.eventId(), EngagementResult.rejected(request.eventId(), problem));
            } else if (!seen.add(request.eventId())) {
                results.put(request.eventId(), EngagementResult.duplicate(request.eventId()));
            } else {
                valid.add(request);
                actorOf.put(request.eventId(), actors.get(i));
            }
        }
        if (valid.isEmpty()) {
            return Uni.createFrom().item(order(requests, results));
        }
        return pool.withTransaction(tx -> knownLeads(tx, valid).flatMap(known -> attribution(tx, valid).flatMap(campaignOf -> {
                    List<EngagementRequest> accepted = new ArrayList<>();
                    for (EngagementRequest request : valid) {
                        if (request.leadId() != null && !known.containsKey(request.leadId())) {
                            results.put(request.eventId(), EngagementResult.rejected(request.eventId(),
                                    "lead " + request.leadId() + " does not exist"));
                        } else {
                            accepted.add(request);
                        }
                    }
                    return insert(tx, accepted, campaignOf).flatMap(inserted -> {
                        // Lifecycle events of the leads that re-scoring moves (qualified), for the outbox.
                        List<CloudEvent> events = new ArrayList<>();
                        // Each touched lead is re-scored once, in lead id order (no deadlock between concurrent
                        // transactions), as the last caller whose event touched it.
                        TreeMap<UUID, Actor> touched = new TreeMap<>();
                        for (EngagementRequest request : accepted) {
                            String leadId = inserted.get(request.eventId());
                            boolean isNew = inserted.containsKey(request.eventId());
                            results.put(request.eventId(), isNew
                                    ? EngagementResult.recorded(request.eventId())
                                    : EngagementResult.duplicate(request.eventId()));
                            // The event itself is published from its row (EngagementFeed), not from the outbox.
                            if (isNew && leadId != null && !leadId.isEmpty()) {
                                touched.put(UUID.fromString(leadId), actorOf.get(request.eventId()));
                            }
                        }
                        return rescore(tx, touched, events).flatMap(v -> outbox.append(tx, events));
                    });
                })))
                .invoke(outbox::committed)
                .map(v -> order(requests, results));
    }

    /** Re-scores each touched lead, in the map's (lead id) order, as the actor given for it. */
    private Uni<Void> rescore(SqlClient tx, TreeMap<UUID, Actor> touched, List<CloudEvent> out) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        for (Map.Entry<UUID, Actor> entry : touched.entrySet()) {
            UUID leadId = entry.getKey();
            Actor actor = entry.getValue();
            chain = chain.flatMap(v -> leads.findForUpdate(tx, leadId))
                    .flatMap(lead -> lead == null ? Uni.createFrom().voidItem()
                            : leadService.reevaluate(tx, lead, actor, "engagement:" + UUID.randomUUID(), now, out)
                            .replaceWithVoid());
        }
        return chain;
    }

    /** The campaign of each request (by id or UTM parameters), resolved once per distinct attribution. */
    private Uni<Map<String, UUID>> attribution(SqlClient tx, List<EngagementRequest> requests) {
        Map<String, EngagementRequest> distinct = new LinkedHashMap<>();
        for (EngagementRequest r : requests) {
            String key = attributionKey(r);
            if (key != null) {
                distinct.putIfAbsent(key, r);
            }
        }
        Map<String, UUID> resolved = new HashMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, EngagementRequest> entry : distinct.entrySet()) {
            EngagementRequest r = entry.getValue();
            chain = chain.flatMap(v -> campaigns.resolve(tx, r.campaignId(), r.utmSource(), r.utmMedium(), r.utmCampaign())
                    .invoke(id -> resolved.put(entry.getKey(), id)).replaceWithVoid());
        }
        return chain.replaceWith(resolved);
    }

    private static String attributionKey(EngagementRequest r) {
        if (r.campaignId() == null && r.utmSource() == null && r.utmMedium() == null && r.utmCampaign() == null) {
            return null;
        }
        return r.campaignId() + "|" + r.utmSource() + "|" + r.utmMedium() + "|" + r.utmCampaign();
    }

    /** How the reason of an event refused for its properties' size begins. */
    static final String PROPERTIES_TOO_LARGE = "properties serialize to more than ";

    /** Whether the event's properties serialize to more than {@link IngestionConfig#maxPropertiesBytes()}. */
    private boolean propertiesTooLarge(EngagementRequest request) {
        return request.properties() != null && !request.properties().isEmpty()
                && Json.write(request.properties()).getBytes(StandardCharsets.UTF_8).length > ingestion.maxPropertiesBytes();
    }

    public int maxPropertiesBytes() {
        return ingestion.maxPropertiesBytes();
    }

    private String problemOf(EngagementRequest request) {
        if (request.eventId() == null || request.eventId().isBlank()) {
            return "eventId is required";
        }
        if (request.type() == null) {
            return "type is required";
        }
        if (request.occurredAt() == null) {
            return "occurredAt is required";
        }
        if (isBlank(request.visitorId()) && isBlank(request.leadId())) {
            return "visitorId or leadId is required";
        }
        if (hasNul(request.eventId()) || hasNul(request.visitorId()) || hasNul(request.leadId())
                || hasNul(request.utmSource()) || hasNul(request.utmMedium()) || hasNul(request.utmCampaign())
                || hasNul(request.properties())) {
            return "text cannot contain the NUL character (\\u0000)";
        }
        if (propertiesTooLarge(request)) {
            return PROPERTIES_TOO_LARGE + ingestion.maxPropertiesBytes() + " bytes";
        }
        if (!isBlank(request.leadId())) {
            try {
                UUID.fromString(request.leadId());
            } catch (IllegalArgumentException e) {
                return "leadId is not a lead id";
            }
        }
        return null;
    }

    private static boolean hasNul(String text) {
        return text != null && text.indexOf(0) >= 0;
    }

    /** Whether a string anywhere in the properties (keys and values, nested) holds a NUL character. */
    private static boolean hasNul(Object value) {
        if (value instanceof String text) {
            return hasNul(text);
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (hasNul(e.getKey()) || hasNul(e.getValue())) {
                    return true;
                }
            }
        } else if (value instanceof Iterable<?> items) {
            for (Object item : items) {
                if (hasNul(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    /** The lead ids named in the requests that exist (a stitched visitor's lead comes from {@link #visitorLeads}). */
    private Uni<Map<String, String>> knownLeads(SqlClient tx, List<EngagementRequest> requests) {
        List<UUID> leadIds = requests.stream().filter(r -> !isBlank(r.leadId())).map(r -> UUID.fromString(r.leadId()))
                .distinct().toList();
        if (leadIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return tx.preparedQuery("SELECT lead_id FROM lead WHERE lead_id = ANY($1)")
                .execute(Tuple.of(leadIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<String, String> known = new HashMap<>();
                    for (Row row : rows) {
                        known.put(row.getUUID("lead_id").toString(), row.getUUID("lead_id").toString());
                    }
                    return known;
                });
    }

    /**
     * Inserts the events that are new and returns eventId to lead id ("" while anonymous) for those inserted now. An
     * anonymous visitor's events are kept under the visitor id, and attributed to its lead once stitched.
     */
    private Uni<Map<String, String>> insert(SqlClient tx, List<EngagementRequest> requests, Map<String, UUID> campaignOf) {
        if (requests.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        int n = requests.size();
        String[] eventIds = new String[n];
        String[] visitorIds = new String[n];
        UUID[] leadIds = new UUID[n];
        String[] types = new String[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        String[] properties = new String[n];
        UUID[] campaignIds = new UUID[n];
        for (int i = 0; i < n; i++) {
            EngagementRequest r = requests.get(i);
            eventIds[i] = r.eventId();
            visitorIds[i] = isBlank(r.visitorId()) ? null : r.visitorId();
            leadIds[i] = isBlank(r.leadId()) ? null : UUID.fromString(r.leadId());
            types[i] = r.type().name();
            times[i] = r.occurredAt().atOffset(ZoneOffset.UTC);
            properties[i] = r.properties() == null ? null : Json.write(r.properties());
            String key = attributionKey(r);
            campaignIds[i] = key == null ? null : campaignOf.get(key);
        }
        return visitorLeads(tx, visitorIds).flatMap(leadOfVisitor -> {
            for (int i = 0; i < n; i++) {
                if (leadIds[i] == null && visitorIds[i] != null) {
                    leadIds[i] = leadOfVisitor.get(visitorIds[i]);
                }
            }
            return tx.preparedQuery("INSERT INTO engagement (event_id, visitor_id, lead_id, type, occurred_at, properties,"
                            + " campaign_id)"
                            + " SELECT e.event_id, e.visitor_id, e.lead_id, e.type, e.occurred_at, e.properties::jsonb,"
                            + " e.campaign_id"
                            + " FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::timestamptz[], $6::text[],"
                            + " $7::uuid[]) AS e(event_id, visitor_id, lead_id, type, occurred_at, properties, campaign_id)"
                            + " ORDER BY e.event_id COLLATE \"C\""
                            + " ON CONFLICT (event_id) DO NOTHING RETURNING event_id, lead_id")
                    .execute(Tuple.from(new Object[] {eventIds, visitorIds, leadIds, types, times, properties,
                            campaignIds}));
        })
                .map(rows -> {
                    Map<String, String> inserted = new HashMap<>();
                    for (Row row : rows) {
                        UUID lead = row.getUUID("lead_id");
                        inserted.put(row.getString("event_id"), lead == null ? "" : lead.toString());
                    }
                    return inserted;
                });
    }

    /**
     * The lead of each visitor that has been stitched to one (anonymous visitors are absent), recording the visitors seen
     * for the first time. One index lookup per visitor: looking it up to record it and again to attribute its events
     * cost two descents of the visitor index and two heap fetches per event.
     */
    private Uni<Map<String, UUID>> visitorLeads(SqlClient tx, String[] visitorIds) {
        // Unordered: the insert below sorts what it locks.
        Set<String> distinct = new HashSet<>();
        for (String visitorId : visitorIds) {
            if (visitorId != null) {
                distinct.add(visitorId);
            }
        }
        if (distinct.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return tx.preparedQuery("SELECT visitor_id, lead_id FROM visitor WHERE visitor_id = ANY($1)")
                .execute(Tuple.of(distinct.toArray(String[]::new)))
                .flatMap(rows -> {
                    Map<String, UUID> leads = new HashMap<>();
                    for (Row row : rows) {
                        String visitorId = row.getString("visitor_id");
                        distinct.remove(visitorId);
                        UUID lead = row.getUUID("lead_id");
                        if (lead != null) {
                            leads.put(visitorId, lead);
                        }
                    }
                    if (distinct.isEmpty()) {
                        return Uni.createFrom().item(leads);
                    }
                    // New visitors, in one order (no deadlock between concurrent batches); another batch may record
                    // the same visitor meanwhile.
                    return tx.preparedQuery("INSERT INTO visitor (visitor_id) SELECT v COLLATE \"C\""
                                    + " FROM unnest($1::text[]) AS v ORDER BY 1 ON CONFLICT DO NOTHING")
                            .execute(Tuple.of(distinct.toArray(String[]::new))).replaceWith(leads);
                });
    }

    private static List<EngagementResult> order(List<EngagementRequest> requests, Map<String, EngagementResult> results) {
        List<EngagementResult> ordered = new ArrayList<>(requests.size());
        Set<String> emitted = new HashSet<>();
        for (EngagementRequest request : requests) {
            EngagementResult result = results.get(request.eventId());
            if (result != null && emitted.add(String.valueOf(request.eventId()))) {
                ordered.add(result);
            } else if (result != null) {
                ordered.add(EngagementResult.duplicate(request.eventId()));
            }
        }
        return ordered;
    }

}
