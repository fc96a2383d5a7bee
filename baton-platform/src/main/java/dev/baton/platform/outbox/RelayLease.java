package dev.baton.platform.outbox;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;

/**
 * The outbox relay's leadership: one row per database, held by one replica until a moment on the database's clock.
 * The holder renews it every round; a replica that stops renewing (crash, silent network loss) loses it when it
 * expires, and the holder itself stops publishing once it cannot confirm it.
 */
public class RelayLease {

    private static final String ACQUIRE = "UPDATE relay_lease SET holder = $1, expires_at = now() + make_interval(secs => $2)"
            + " WHERE holder = $1 OR expires_at < now()";
    // The holder is cleared too: a renewal still under way after the release cannot take the lease back.
    private static final String RELEASE = "UPDATE relay_lease SET holder = '', expires_at = '-infinity' WHERE holder = $1";
    /** Longest wait for a renewal: well under the relay's margin, so that a slow database cannot outlast the lease. */
    private static final Duration RENEW_TIMEOUT = Duration.ofSeconds(3);

    private final Pool pool;
    private final String holder;
    private final Duration duration;
    private volatile long validUntilNanos;

    public RelayLease(Pool pool, String holder, Duration duration) {
        this.pool = pool;
        this.holder = holder;
        this.duration = duration;
    }

    /**
     * Takes or renews the lease; {@code true} when this replica holds it. Counted from before the statement was sent,
     * so the local deadline never outlasts the one the database recorded.
     */
    public boolean renew() {
        long sentAt = System.nanoTime();
        try {
            int updated = pool.preparedQuery(ACQUIRE).execute(Tuple.of(holder, duration.toMillis() / 1000.0))
                    .await().atMost(RENEW_TIMEOUT).rowCount();
            validUntilNanos = updated == 1 ? sentAt + duration.toNanos() : sentAt;
            return updated == 1;
        } catch (RuntimeException e) {
            validUntilNanos = sentAt;
            return false;
        }
    }

    /** Time left before the lease may have passed to another replica; zero or less once it may have. */
    public Duration remaining() {
        return Duration.ofNanos(validUntilNanos - System.nanoTime());
    }

    public boolean held() {
        return remaining().compareTo(Duration.ZERO) > 0;
    }

    /** Gives the lease up at once (orderly shutdown), so that another replica need not wait for it to expire. */
    public void release() {
        validUntilNanos = System.nanoTime();
        try {
            pool.preparedQuery(RELEASE).execute(Tuple.of(holder)).await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            // It expires by itself.
        }
    }

    public String holder() {
        return holder;
    }
}
