package dev.baton.marketing.engagement;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.EngagementRecorded;
import dev.baton.contract.EventTypes;
import dev.baton.contract.Json;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.outbox.EventFeed;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Publishes {@code marketing.engagement.v1} from the engagement table: every recorded event once, in the order of the
 * transactions that recorded them (see {@code V5__engagement_feed.sql}). No outbox copy is written.
 *
 * <p>A row becomes publishable once every transaction that started writing before its own has finished, committed or
 * not; until then a row of an older transaction could still appear before it. The CloudEvents id is derived from the
 * engagement's eventId, so an event published twice (the relay died between the broker's acknowledgement and recording
 * it) carries the same id and consumers drop the copy. The event says what the row says when it is published: an
 * anonymous visitor stitched to a lead in the milliseconds between is published with the lead.
 */
@ApplicationScoped
public class EngagementFeed implements EventFeed {

    private static final String NEXT = "SELECT e.tx, e.seq, e.event_id, e.visitor_id, e.lead_id, e.type, e.occurred_at,"
            + " e.properties::text AS properties FROM engagement e"
            + " WHERE e.tx IS NOT NULL"
            + " AND (e.tx, e.seq) > ((SELECT tx FROM engagement_feed), (SELECT seq FROM engagement_feed))"
            + " AND e.tx < pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
            + " ORDER BY e.tx, e.seq LIMIT $1";
    private static final TypeReference<Map<String, Object>> PROPERTIES = new TypeReference<>() {
    };

    private final Pool pool;
    private final String service;

    public EngagementFeed(Pool pool, BatonConfig config) {
        this.pool = pool;
        this.service = config.service();
    }

    /** Where an event stands in the feed. */
    record Position(long tx, long seq) {
    }

    @Override
    public String name() {
        return "engagement";
    }

    @Override
    public Uni<List<FeedEvent>> next(int max) {
        return pool.preparedQuery(NEXT).execute(Tuple.of(max)).map(rows -> {
            List<FeedEvent> events = new ArrayList<>(rows.size());
            for (Row row : rows) {
                events.add(new FeedEvent(event(row), new Position(row.getLong("tx"), row.getLong("seq"))));
            }
            return events;
        });
    }

    @Override
    public Uni<Void> published(List<FeedEvent> events) {
        Position last = (Position) events.get(events.size() - 1).position();
        return pool.preparedQuery("UPDATE engagement_feed SET tx = $1, seq = $2")
                .execute(Tuple.of(last.tx(), last.seq())).replaceWithVoid();
    }

    private CloudEvent event(Row row) {
        String eventId = row.getString("event_id");
        UUID lead = row.getUUID("lead_id");
        String leadId = lead == null ? null : lead.toString();
        String visitorId = row.getString("visitor_id");
        Instant occurredAt = row.getOffsetDateTime("occurred_at").toInstant();
        String properties = row.getString("properties");
        EngagementRecorded data = new EngagementRecorded(eventId, visitorId, leadId, row.getString("type"), occurredAt,
                properties == null ? null : Json.read(properties, PROPERTIES));
        return new CloudEvent(idOf(eventId), CloudEvent.sourceOf(service), EventTypes.ENGAGEMENT_RECORDED,
                leadId != null ? leadId : visitorId, occurredAt, Json.write(data));
    }

    /** The CloudEvents id of an engagement event: the same every time it is published. */
    static String idOf(String eventId) {
        return UUID.nameUUIDFromBytes((EventTypes.ENGAGEMENT_RECORDED.ceType() + "/" + eventId)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }
}
