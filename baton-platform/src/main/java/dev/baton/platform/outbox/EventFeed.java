package dev.baton.platform.outbox;

import dev.baton.contract.CloudEvent;
import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * Events that a service publishes straight from the table that records them, instead of writing a copy of each into
 * the outbox. Meant for high-volume events whose row already says everything the event says (marketing's engagement):
 * the copy would double the database's write work (insert, delete, vacuum) for nothing.
 *
 * <p>The {@link OutboxRelay} publishes every feed in the same rounds as the outbox, under the same lock, and tells the
 * feed what the broker acknowledged. A feed must only return events whose transaction has committed, in an order that
 * does not change, and must not return an acknowledged event again; it may return an event again after a failure
 * (at-least-once), with the same CloudEvents id, so that consumers drop the duplicate.
 */
public interface EventFeed {

    /** The next events to publish, at most {@code max}, in publication order; empty when none is ready. */
    Uni<List<FeedEvent>> next(int max);

    /**
     * The broker acknowledged these events: the first events of the last {@link #next(int)}, in its order. Records
     * that they are published, so that they are not returned again.
     */
    Uni<Void> published(List<FeedEvent> events);

    /**
     * An event of a feed, with where it stands in the feed.
     *
     * @param event    what is published
     * @param position the feed's own marker of this event (what {@link #published(List)} records)
     */
    record FeedEvent(CloudEvent event, Object position) {
    }
}
