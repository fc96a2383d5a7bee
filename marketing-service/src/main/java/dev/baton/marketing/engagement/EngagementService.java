package dev.baton.marketing.engagement;

import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.marketing.campaign.Campaigns;
import dev.baton.marketing.lead.LeadRepository;
import dev.baton.marketing.lead.LeadService;
import dev.baton.contract.EngagementRecorded;
import dev.baton.contract.EventTypes;
import dev.baton.contract.Json;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Records engagement durably (one transaction per call, one round trip per table) before answering, once per eventId,
 * and publishes each newly recorded event on {@code marketing.engagement.v1} through the outbox.
 */
@ApplicationScoped
public class EngagementService {

    private final Pool pool;
    private final Outbox outbox;
    private final Campaigns campaigns;
    private final LeadRepository leads;
    private final LeadService leadService;
    private final String service;

    public EngagementService(Pool pool, Outbox outbox, Campaigns campaigns, LeadRepository leads,
            LeadService leadService, BatonConfig config) {
        this.pool = pool;
        this.outbox = outbox;
        this.campaigns = campaigns;
        this.leads = leads;
        this.leadService = leadService;
        this.service = config.service();
    }

    /**
     * Records the events durably and once each, attributes them to their campaign, and re-scores the known leads they
     * belong to (which may qualify them), all in one transaction.
     */
    public Uni<List<EngagementResult>> record(List<EngagementRequest> requests, Actor actor) {
        Map<String, EngagementResult> results = new LinkedHashMap<>();
        List<EngagementRequest> valid = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (EngagementRequest request : requests) {
            String problem = problemOf(request);
            if (problem != null) {
                results.put(request.eventId(), EngagementResult.rejected(request.eventId(), problem));
            } else if (!seen.add(request.eventId())) {
                results.put(request.eventId(), EngagementResult.duplicate(request.eventId()));
            } else {
                valid.add(request);
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
                        List<CloudEvent> events = new ArrayList<>();
                        for (EngagementRequest request : accepted) {
                            String leadId = inserted.get(request.eventId());
                            boolean isNew = inserted.containsKey(request.eventId());
                            results.put(request.eventId(), isNew
                                    ? EngagementResult.recorded(request.eventId())
                                    : EngagementResult.duplicate(request.eventId()));
                            if (isNew) {
                                String resolvedLead = leadId == null || leadId.isEmpty() ? null : leadId;
                                events.add(CloudEvent.create(service, EventTypes.ENGAGEMENT_RECORDED,
                                        resolvedLead != null ? resolvedLead : request.visitorId(),
                                        request.occurredAt(), new EngagementRecorded(request.eventId(),
                                                request.visitorId(), resolvedLead, request.type().name(),
                                                request.occurredAt(), request.properties())));
                            }
                        }
                        java.util.TreeSet<UUID> touched = new java.util.TreeSet<>();
                        inserted.values().stream().filter(lead -> !lead.isEmpty()).map(UUID::fromString)
                                .forEach(touched::add);
                        return rescore(tx, List.copyOf(touched), actor, events)
                                .flatMap(v -> outbox.append(tx, events));
                    });
                })))
                .invoke(outbox::committed)
                .map(v -> order(requests, results));
    }

    /** Re-scores each touched lead in a stable order (no deadlock between concurrent batches). */
    private Uni<Void> rescore(SqlClient tx, List<UUID> leadIds, Actor actor, List<CloudEvent> out) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        for (UUID leadId : leadIds) {
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

    private static String problemOf(EngagementRequest request) {
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
        if (!isBlank(request.leadId())) {
            try {
                UUID.fromString(request.leadId());
            } catch (IllegalArgumentException e) {
                return "leadId is not a lead id";
            }
        }
        return null;
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    /** Lead ids named in the requests that exist, plus the lead of every stitched visitor. */
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
        Uni<Void> visitors = tx.preparedQuery("INSERT INTO visitor (visitor_id)"
                        + " SELECT DISTINCT v FROM unnest($1::text[]) AS v WHERE v IS NOT NULL ON CONFLICT DO NOTHING")
                .execute(Tuple.of(visitorIds)).replaceWithVoid();
        return visitors.flatMap(v -> tx.preparedQuery("INSERT INTO engagement (event_id, visitor_id, lead_id, type,"
                                + " occurred_at, properties, campaign_id)"
                                + " SELECT e.event_id, e.visitor_id, COALESCE(e.lead_id, vis.lead_id), e.type, e.occurred_at,"
                                + " e.properties::jsonb, e.campaign_id"
                                + " FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::timestamptz[], $6::text[],"
                                + " $7::uuid[]) AS e(event_id, visitor_id, lead_id, type, occurred_at, properties, campaign_id)"
                                + " LEFT JOIN visitor vis ON vis.visitor_id = e.visitor_id"
                                + " ON CONFLICT (event_id) DO NOTHING RETURNING event_id, lead_id")
                        .execute(Tuple.from(new Object[] {eventIds, visitorIds, leadIds, types, times, properties,
                                campaignIds})))
                .map(rows -> {
                    Map<String, String> inserted = new HashMap<>();
                    for (Row row : rows) {
                        UUID lead = row.getUUID("lead_id");
                        inserted.put(row.getString("event_id"), lead == null ? "" : lead.toString());
                    }
                    return inserted;
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
