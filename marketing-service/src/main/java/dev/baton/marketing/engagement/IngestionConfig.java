package dev.baton.marketing.engagement;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How engagement is ingested: single events committed together ({@link dev.baton.platform.persistence.GroupCommitter}),
 * and the admission control that sheds it before it can delay the lifecycle ({@link dev.baton.platform.admission.Admission}).
 */
@ConfigMapping(prefix = "baton.marketing.ingestion")
public interface IngestionConfig {

    /**
     * Transactions of single events that may run at once. Events arriving while this many run wait for the next
     * group. More overlaps more round trips with the database; fewer makes bigger groups.
     */
    @WithDefault("2")
    int concurrentGroups();

    /** Most single events in one transaction. */
    @WithDefault("500")
    int maxGroupSize();

    /**
     * Largest serialized {@code properties} of one event, in UTF-8 bytes: keeps every engagement record far below the
     * broker's record limit, whatever the number of keys.
     */
    @WithDefault("16384")
    int maxPropertiesBytes();

    /**
     * Engagement transactions (batches and groups of single events) that may run at once: bulk never holds more of the
     * connection pool (20), the lifecycle keeps the rest.
     */
    @WithDefault("4")
    int lanes();

    /** Engagement events admitted and not yet committed, at most: beyond it, 429 with Retry-After. */
    @WithDefault("10000")
    long maxAdmittedEvents();

    /**
     * Longest wait of an admitted engagement request before new ones are refused (429): a request that old means the
     * database is not keeping up, whatever the cause (queue, slow disk, pool wait).
     */
    @WithDefault("1s")
    Duration maxAdmittedAge();

    /**
     * How late this service may apply the lifecycle topic before engagement is refused (429): leads are never made to
     * wait behind tracking data, whatever makes them late (a busy CPU, a slow disk, a replay).
     */
    @WithDefault("500ms")
    Duration maxLifecycleDelay();

    /**
     * Bytes of engagement requests being read, parsed or recorded at once (declared length; a chunked body counts as
     * the largest body allowed): beyond it, 429 before the body is read. About the 10,000 admitted events' size.
     */
    @WithDefault("2M")
    io.quarkus.runtime.configuration.MemorySize maxIntakeBytes();
}
