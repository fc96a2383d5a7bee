package dev.baton.marketing.engagement;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.EngagementRecorded;
import dev.baton.contract.EventTypes;
import dev.baton.contract.Json;
import dev.baton.marketing.engagement.domain.RecordedEngagement;
import dev.baton.marketing.engagement.persistence.EngagementFeedRepository;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.outbox.EventFeed;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes {@code marketing.engagement.v1} from the engagement table: every recorded event once, in the order of its
 * sequence, remembering in {@code engagement_feed} the last sequence value published. No outbox copy is written.
 *
 * <p>A row is published only once no transaction of this database that could still commit a row with a smaller
 * sequence value is running. Each round notes the highest sequence value handed out so far, then the transactions of
 * this database that are running (a row's transaction id is assigned, by its {@code tx} default, before its sequence
 * value is); once none of those is running any more, every row up to the noted value is committed or gone, and that
 * value is the horizon. Transactions of other databases never hold the feed back, and nothing depends on the cluster's
 * transaction counter (a dump/restore resets it; the sequence is restored).
 *
 * <p>The CloudEvents id is derived from the row's (tx, seq), so an event published twice (the relay died between the
 * broker's acknowledgement and recording it) carries the same id and consumers drop the copy. The event says what the
 * row says when it is published: an anonymous visitor stitched to a lead in the milliseconds between is published with
 * the lead. A device is named by its pseudonym ({@code visitor.pseudonym}), never by its id, so that an erasure, which
 * deletes the pseudonym, leaves nothing on the topic that leads back to the person.
 */
@ApplicationScoped
public class EngagementFeed implements EventFeed {

    private final Pool pool;
    private final EngagementFeedRepository feed;
    private final String source;
    /** Sequence values noted in earlier rounds, each with the transactions that were running then; oldest first. */
    private final Deque<Checkpoint> checkpoints = new ArrayDeque<>();
    private final AtomicLong lag = new AtomicLong();
    private final ScheduledExecutorService lagRefresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "engagement-feed-lag");
        thread.setDaemon(true);
        return thread;
    });
    private long horizon;

    public EngagementFeed(Pool pool, EngagementFeedRepository feed, BatonConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.feed = feed;
        this.source = CloudEvent.sourceOf(config.service());
        Gauge.builder("baton.engagement.feed.lag", lag, AtomicLong::get)
                .description("Engagement events recorded (or being recorded) and not yet published").register(registry);
    }

    /** Keeps the lag current while the relay waits on the broker (it only reads the feed between rounds). */
    void onStart(@Observes StartupEvent event) {
        lagRefresher.scheduleWithFixedDelay(() -> feed.state(pool).subscribe().with(
                state -> lag.set(state.lag()),
                failure -> { /* the database is away: the lag stays as last seen */ }), 2, 2, TimeUnit.SECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        lagRefresher.shutdownNow();
    }

    /** Where an event stands in the feed. */
    record Position(long tx, long seq) {
    }

    /** A sequence value handed out, and the transactions running just after it was read. */
    record Checkpoint(long handedOut, Set<String> running) {
    }

    @Override
    public Uni<List<FeedEvent>> next(int max) {
        return feed.state(pool).flatMap(state -> feed.runningTransactions(pool).flatMap(running -> {
            long published = state.published();
            long safe = advance(new Checkpoint(state.handedOut(), running));
            lag.set(state.lag());
            if (safe <= published) {
                return Uni.createFrom().item(List.<FeedEvent>of());
            }
            return feed.between(pool, published, safe, max).flatMap(rows -> {
                if (rows.isEmpty()) {
                    // Only rolled-back values up to the horizon: move past them.
                    return feed.skipTo(pool, safe).replaceWith(List.<FeedEvent>of());
                }
                List<FeedEvent> events = rows.stream()
                        .map(row -> new FeedEvent(event(row), new Position(row.tx(), row.seq()))).toList();
                return Uni.createFrom().item(events);
            });
        }));
    }

    /**
     * Adds this round's checkpoint and returns the horizon: the newest noted value none of whose transactions still
     * runs. Called by the relay's one thread.
     */
    synchronized long advance(Checkpoint now) {
        checkpoints.addLast(now);
        while (!checkpoints.isEmpty() && Collections.disjoint(checkpoints.peekFirst().running(), now.running())) {
            horizon = Math.max(horizon, checkpoints.pollFirst().handedOut());
        }
        // Bounded: rounds come every few milliseconds under load, so keep only a window of them.
        while (checkpoints.size() > 1_000) {
            checkpoints.pollLast();
        }
        return horizon;
    }

    @Override
    public Uni<Void> published(List<FeedEvent> events) {
        Position last = (Position) events.get(events.size() - 1).position();
        return feed.published(pool, last.seq());
    }

    private CloudEvent event(RecordedEngagement row) {
        String leadId = row.leadId() == null ? null : row.leadId().toString();
        return new CloudEvent(idOf(row.tx(), row.seq()), source, EventTypes.ENGAGEMENT_RECORDED,
                leadId != null ? leadId : row.visitor(), row.occurredAt(),
                data(row.eventId(), row.visitor(), leadId, row.type(), row.occurredAt(), row.properties()));
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
