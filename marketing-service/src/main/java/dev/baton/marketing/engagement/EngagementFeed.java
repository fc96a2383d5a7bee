package dev.baton.marketing.engagement;

import com.fasterxml.jackson.core.JsonGenerator;
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

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Publishes {@code marketing.engagement.v1} from the engagement table: every recorded event once, in the order of the
 * transactions that recorded them (see {@code V5__engagement_feed.sql}). No outbox copy is written.
 *
 * <p>A row becomes publishable once every transaction that started writing before its own has finished, committed or
 * not; until then a row of an older transaction could still appear before it. The CloudEvents id is derived from the
 * row's place in the feed, so an event published twice (the relay died between the broker's acknowledgement and
 * recording it) carries the same id and consumers drop the copy. The event says what the row says when it is published: an
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

    private final Pool pool;
    private final String source;

    public EngagementFeed(Pool pool, BatonConfig config) {
        this.pool = pool;
        this.source = CloudEvent.sourceOf(config.service());
    }

    /** Where an event stands in the feed. */
    record Position(long tx, long seq) {
    }

    @Override
    public Uni<List<FeedEvent>> next(int max) {
        return pool.preparedQuery(NEXT).execute(Tuple.of(max)).map(rows -> {
            List<FeedEvent> events = new ArrayList<>(rows.size());
            for (Row row : rows) {
                Position position = new Position(row.getLong("tx"), row.getLong("seq"));
                events.add(new FeedEvent(event(row, position), position));
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

    private CloudEvent event(Row row, Position position) {
        String eventId = row.getString("event_id");
        UUID lead = row.getUUID("lead_id");
        String leadId = lead == null ? null : lead.toString();
        String visitorId = row.getString("visitor_id");
        Instant occurredAt = row.getOffsetDateTime("occurred_at").toInstant();
        return new CloudEvent(idOf(position.tx(), position.seq()), source, EventTypes.ENGAGEMENT_RECORDED,
                leadId != null ? leadId : visitorId, occurredAt,
                data(eventId, visitorId, leadId, row.getString("type"), occurredAt, row.getString("properties")));
    }

    /**
     * The event's data: {@link EngagementRecorded} as {@link Json#write} writes it, with the properties copied as the
     * JSON text PostgreSQL keeps rather than read into a map and written again (a third of the feed's CPU at 14k
     * events/s).
     */
    static String data(String eventId, String visitorId, String leadId, String type, Instant occurredAt,
            String properties) {
        StringWriter out = new StringWriter(160 + (properties == null ? 0 : properties.length()));
        try (JsonGenerator json = Json.mapper().getFactory().createGenerator(out)) {
            json.writeStartObject();
            // Absent values are left out, as the contract's type says (@JsonInclude NON_NULL).
            field(json, "eventId", eventId);
            field(json, "visitorId", visitorId);
            field(json, "leadId", leadId);
            field(json, "type", type);
            // ISO-8601, as the mapper writes an Instant.
            field(json, "occurredAt", occurredAt.toString());
            if (properties != null) {
                json.writeFieldName("properties");
                json.writeRawValue(properties);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void field(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    /**
     * The CloudEvents id of the engagement row at (tx, seq): the same every time it is published, unique because
     * (tx, seq) is, and never equal to a random (version 4) id of another event: an RFC 9562 version 8 UUID whose 48
     * high bits are the transaction id and whose 62 low bits are the sequence (computed, unlike a name-based UUID,
     * without hashing: MD5 was 7% of marketing-service's CPU at 20k events/s).
     */
    static String idOf(long tx, long seq) {
        long high = (tx << 16) & 0xFFFF_FFFF_FFFF_0000L | 0x8000L | ((tx >>> 48) & 0x0FFFL);
        long low = 0x8000_0000_0000_0000L | (seq & 0x3FFF_FFFF_FFFF_FFFFL);
        return new UUID(high, low).toString();
    }
}
