package dev.baton.marketing.engagement;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How single engagement events are committed together (group commit), see {@link dev.baton.platform.persistence.GroupCommitter}. */
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
}
