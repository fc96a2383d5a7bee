package dev.baton.marketing.engagement;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The CloudEvents ids of engagement events: RFC 9562 version 8, one per (transaction, sequence), always the same. */
class EngagementFeedIdTest {

    @Test
    void anIdIsAVersion8UuidThatOnlyItsRowHas() {
        long[][] rows = {{1, 1}, {1, 2}, {2, 1}, {2, 2}, {751, 1_000_000}, {(1L << 48) + 5, 7}, {5, (1L << 62) - 1},
                {Long.MAX_VALUE >>> 4, 3}};
        Set<String> ids = new HashSet<>();
        for (long[] row : rows) {
            String id = EngagementFeed.idOf(row[0], row[1]);
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).as(id).isEqualTo(8);
            assertThat(uuid.variant()).as(id).isEqualTo(2);
            assertThat(EngagementFeed.idOf(row[0], row[1])).as("the same row, again").isEqualTo(id);
            ids.add(id);
        }
        assertThat(ids).hasSize(rows.length);
    }
}
