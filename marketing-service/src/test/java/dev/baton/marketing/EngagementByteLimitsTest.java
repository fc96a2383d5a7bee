package dev.baton.marketing;

import dev.baton.contract.Json;
import dev.baton.testkit.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Engagement is limited by bytes, not only by items: no accepted event can be too large for the broker. */
@QuarkusTest
@MarketingTestResource
class EngagementByteLimitsTest {

    private static final String MARKETER = TestTokens.token("marketer-mia", "marketer");

    @TestHTTPResource("/engagements/batch")
    URI batch;

    @Test
    void anEventWhosePropertiesSerializePastTheLimitIs413AndNotRecorded() {
        Map<String, Object> event = event("big-" + UUID.randomUUID(), properties(20, 1_000)); // 20 keys, ~20 kB
        given().auth().oauth2(MARKETER).contentType(ContentType.JSON).body(event).post("/engagements")
                .then().statusCode(413).contentType("application/problem+json")
                .body("status", equalTo(413)).body("maxBytes", equalTo(16_384));

        // Nothing was recorded: the same id with small properties is recorded for the first time.
        event.put("properties", properties(2, 10));
        given().auth().oauth2(MARKETER).contentType(ContentType.JSON).body(event).post("/engagements")
                .then().statusCode(202).body("status", equalTo("RECORDED"));
    }

    @Test
    void aBatchRejectsOnlyTheItemWhosePropertiesAreTooLarge() {
        String visitor = "bytes-" + UUID.randomUUID();
        List<Map<String, Object>> items = List.of(event(visitor + "-1", properties(2, 10)),
                event(visitor + "-2", properties(20, 1_000)), event(visitor + "-3", null));
        given().auth().oauth2(MARKETER).contentType(ContentType.JSON).body(items).post("/engagements/batch")
                .then().statusCode(202)
                .body("results.status", contains("RECORDED", "REJECTED", "RECORDED"))
                .body("results[1].error", containsString("16384 bytes"));
    }

    @Test
    void aChunkedBodyPastTheLimitIs413AndRecordsNothing() throws Exception {
        String visitor = "chunked-" + UUID.randomUUID();
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) { // each item valid (~15 kB of properties), 1.5 MB in all
            items.add(event(visitor + "-" + i, properties(15, 1_000)));
        }
        byte[] body = Json.write(items).getBytes(StandardCharsets.UTF_8);
        assertThat(body.length).isGreaterThan(1_048_576);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(batch)
                .header("Authorization", "Bearer " + MARKETER).header("Content-Type", "application/json")
                // A stream of unknown length: sent chunked, without Content-Length.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));

        // None of the items was recorded.
        given().auth().oauth2(MARKETER).contentType(ContentType.JSON).body(event(visitor + "-0", null))
                .post("/engagements").then().statusCode(202).body("status", equalTo("RECORDED"));
    }

    private static Map<String, Object> event(String eventId, Map<String, Object> properties) {
        Map<String, Object> event = new HashMap<>(Map.of("eventId", eventId, "visitorId", "v-" + eventId,
                "type", "PAGE_VIEW", "occurredAt", Instant.now().toString()));
        if (properties != null) {
            event.put("properties", properties);
        }
        return event;
    }

    private static Map<String, Object> properties(int keys, int valueLength) {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < keys; i++) {
            properties.put("k" + i, "x".repeat(valueLength));
        }
        return properties;
    }
}
