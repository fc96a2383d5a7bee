package dev.baton.marketing.engagement;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.baton.contract.EngagementRecorded;
import dev.baton.contract.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data of an engagement event written from the row's JSON text is what the contract's mapping writes for the same
 * event: a consumer reading it as {@link EngagementRecorded} sees the same values.
 */
class EngagementFeedDataTest {

    @Test
    void theDataIsWhatTheMappingWritesForTheSameEvent() throws Exception {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("page", "/pricing?q=\"quoted\" \\ é");
        properties.put("n", 3);
        properties.put("nested", Map.of("list", List.of(1, "two", true)));
        properties.put("none", null);
        // What PostgreSQL gives back for jsonb::text: its own spacing and key order.
        String stored = "{\"n\": 3, \"none\": null, \"page\": \"/pricing?q=\\\"quoted\\\" \\\\ é\", "
                + "\"nested\": {\"list\": [1, \"two\", true]}}";
        Instant at = Instant.parse("2026-11-27T16:09:00.696474Z");

        String data = EngagementFeed.data("e-1", "v-1", null, "PAGE_VIEW", at, stored);

        EngagementRecorded expected = new EngagementRecorded("e-1", "v-1", null, "PAGE_VIEW", at, properties);
        assertThat(Json.mapper().readTree(data)).isEqualTo(Json.mapper().readTree(Json.write(expected)));
        assertThat(Json.read(data, new TypeReference<EngagementRecorded>() {
        })).isEqualTo(expected);
    }

    @Test
    void anEventWithoutPropertiesHasNullProperties() throws Exception {
        Instant at = Instant.parse("2026-11-27T16:09:00Z");

        String data = EngagementFeed.data("e-2", null, "9f1c2a52-4a3b-4c39-9a0f-2f1f0c7b8d11", "EMAIL_OPEN", at, null);

        EngagementRecorded expected = new EngagementRecorded("e-2", null, "9f1c2a52-4a3b-4c39-9a0f-2f1f0c7b8d11",
                "EMAIL_OPEN", at, null);
        assertThat(Json.mapper().readTree(data)).isEqualTo(Json.mapper().readTree(Json.write(expected)));
    }
}
