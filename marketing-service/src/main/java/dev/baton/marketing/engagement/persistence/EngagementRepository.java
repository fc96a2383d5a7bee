package dev.baton.marketing.engagement.persistence;

import dev.baton.contract.Json;
import dev.baton.marketing.engagement.domain.EngagementEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.baton.platform.time.Timestamps.utc;

/** SQL for recording engagement: one round trip per table for a whole batch. */
@ApplicationScoped
public class EngagementRepository {

    /** The lead ids (as text) among those given that exist. */
    public Uni<Set<String>> existingLeads(SqlClient tx, List<UUID> leadIds) {
        if (leadIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        // an erased lead takes no new engagement: it is unknown from now on
        return tx.preparedQuery("SELECT lead_id FROM lead WHERE lead_id = ANY($1) AND erased_at IS NULL")
                .execute(Tuple.of(leadIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Set<String> known = new HashSet<>();
                    for (Row row : rows) {
                        known.add(row.getUUID("lead_id").toString());
                    }
                    return known;
                });
    }

    /**
     * Inserts the events that are new and returns eventId to lead id ("" while anonymous) for those inserted now. An
     * anonymous visitor's events are kept under the visitor id, and attributed to its lead once stitched.
     *
     * @param campaignOf the campaign of each {@link EngagementEvent#attributionKey()}
     */
    public Uni<Map<String, String>> insertNew(SqlClient tx, List<EngagementEvent> events, Map<String, UUID> campaignOf) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        int n = events.size();
        String[] eventIds = new String[n];
        String[] visitorIds = new String[n];
        UUID[] leadIds = new UUID[n];
        String[] types = new String[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        String[] properties = new String[n];
        UUID[] campaignIds = new UUID[n];
        for (int i = 0; i < n; i++) {
            EngagementEvent e = events.get(i);
            eventIds[i] = e.eventId();
            visitorIds[i] = e.visitor();
            leadIds[i] = e.lead();
            types[i] = e.type().name();
            times[i] = utc(e.occurredAt());
            properties[i] = e.properties() == null ? null : Json.write(e.properties());
            String key = e.attributionKey();
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
}
