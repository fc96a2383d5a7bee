package dev.baton.marketing;

import dev.baton.contract.Topics;
import dev.baton.testkit.SharedInfrastructure;
import dev.baton.testkit.TestTokens;
import dev.baton.testkit.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.baton.marketing.PlatformFaults.metric;
import static dev.baton.marketing.PlatformFaults.sql;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox relay under faults: a record the broker will never take is parked and holds back only its own key's later
 * records; only the holder of the relay lease publishes, and another replica's lease stops this one within seconds.
 */
@QuarkusTest
@MarketingTestResource
class RelayFaultsTest {

    private static final String OPS = TestTokens.token("ops-olga", "ops");
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Test
    void anUnpublishableEventIsParkedAndHoldsBackOnlyItsOwnKey() {
        // Before: the relay re-sent the oversized row and everything after it on every round, forever.
        String a = "parking-a-" + UUID.randomUUID();
        String b = "parking-b-" + UUID.randomUUID();
        UUID tooLarge = UUID.randomUUID();
        UUID behind = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        sql(outboxRow(a, tooLarge, "{\"x\":\"" + "x".repeat(1_200_000) + "\"}")
                + ";" + outboxRow(a, behind, "{\"n\":2}") + ";" + outboxRow(b, other, "{\"n\":3}"));

        assertThat(published(b, 1)).extracting(r -> TopicReader.header(r, "ce_id")).containsExactly(other.toString());
        await().atMost(WITHIN).untilAsserted(() -> given().auth().oauth2(OPS).get("/ops/parked").then().statusCode(200)
                .body("findAll { it.key == '" + a + "' }.eventId",
                        org.hamcrest.Matchers.contains(tooLarge.toString(), behind.toString()))
                .body("findAll { it.key == '" + a + "' }.state", org.hamcrest.Matchers.contains("REFUSED", "HELD")));
        await().atMost(WITHIN).until(() -> metric("baton_outbox_parked") >= 2);
        assertThat(TopicReader.readUntil(bootstrap(), Topics.SENDS, r -> a.equals(r.key()), found -> !found.isEmpty(),
                Duration.ofSeconds(2))).as("the key's later event waits behind the refused one").isEmpty();

        long refusedId = ((Number) given().auth().oauth2(OPS).get("/ops/parked").then().extract()
                .path("find { it.eventId == '" + tooLarge + "' }.id")).longValue();
        given().auth().oauth2(OPS).delete("/ops/parked/" + refusedId).then().statusCode(204);

        assertThat(published(a, 1)).extracting(r -> TopicReader.header(r, "ce_id")).containsExactly(behind.toString());
        given().auth().oauth2(OPS).get("/ops/parked").then().statusCode(200)
                .body("findAll { it.key == '" + a + "' }", org.hamcrest.Matchers.empty());
        given().auth().oauth2(OPS).delete("/ops/parked/" + refusedId).then().statusCode(404);
        given().auth().oauth2(MarketingFixtures.MARKETER).get("/ops/parked").then().statusCode(403);
    }

    @Test
    void aRetriedKeyIsPublishedInItsFirstOrderAheadOfItsLaterEvents() {
        String key = "retry-" + UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        sql(outboxRow(key, first, "{\"x\":\"" + "x".repeat(1_200_000) + "\"}") + ";" + outboxRow(key, second, "{\"n\":2}"));
        await().atMost(WITHIN).untilAsserted(() -> given().auth().oauth2(OPS).get("/ops/parked").then().statusCode(200)
                .body("findAll { it.key == '" + key + "' }.state", org.hamcrest.Matchers.contains("REFUSED", "HELD")));
        sql(outboxRow(key, third, "{\"n\":3}"));
        await().atMost(WITHIN).untilAsserted(() -> given().auth().oauth2(OPS).get("/ops/parked").then().statusCode(200)
                .body("findAll { it.key == '" + key + "' }.eventId",
                        org.hamcrest.Matchers.contains(first.toString(), second.toString(), third.toString())));
        // Ops cured the cause (here: the payload made small), then ask for the key to be published again.
        sql("UPDATE parked_event SET payload = '{\"n\":1}' WHERE event_id = '" + first + "'");
        long id = ((Number) given().auth().oauth2(OPS).get("/ops/parked").then().extract()
                .path("find { it.eventId == '" + first + "' }.id")).longValue();
        given().auth().oauth2(OPS).post("/ops/parked/" + id + "/retry").then().statusCode(204);

        assertThat(published(key, 3)).extracting(r -> TopicReader.header(r, "ce_id"))
                .containsExactly(first.toString(), second.toString(), third.toString());
        given().auth().oauth2(OPS).post("/ops/parked/" + id + "/retry").then().statusCode(404);
    }

    @Test
    void onlyTheLeaseHolderPublishesAndAnExpiredLeaseIsTakenOver() {
        // Before: leadership was a session lock taken once and never re-checked.
        sql("UPDATE relay_lease SET holder = 'another-replica', expires_at = now() + interval '1 hour'");
        String key = "lease-" + UUID.randomUUID();
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> metric("baton_outbox_leader") == 0);
            sql(outboxRow(key, UUID.randomUUID(), "{\"n\":1}"));
            assertThat(TopicReader.readUntil(bootstrap(), Topics.SENDS, r -> key.equals(r.key()),
                    found -> !found.isEmpty(), Duration.ofSeconds(3))).as("published without the lease").isEmpty();
        } finally {
            // The other replica died: its lease runs out.
            sql("UPDATE relay_lease SET expires_at = now() WHERE holder = 'another-replica'");
        }
        assertThat(published(key, 1)).hasSize(1);
        await().atMost(WITHIN).until(() -> metric("baton_outbox_leader") == 1);
    }

    private static String outboxRow(String key, UUID id, String payload) {
        String headers = "{\"ce_id\":\"" + id + "\",\"ce_specversion\":\"1.0\",\"ce_type\":\"test\"}";
        return "INSERT INTO outbox (event_id, topic, message_key, headers, payload) VALUES ('" + id + "', '"
                + Topics.SENDS + "', '" + key + "', '" + headers + "', '" + payload + "')";
    }

    private static List<ConsumerRecord<String, String>> published(String key, int count) {
        List<ConsumerRecord<String, String>> found = TopicReader.readUntil(bootstrap(), Topics.SENDS,
                r -> key.equals(r.key()), all -> all.size() >= count, WITHIN);
        assertThat(found).as("records of %s", key).hasSizeGreaterThanOrEqualTo(count);
        return found;
    }

    private static String bootstrap() {
        return SharedInfrastructure.kafka().bootstrapServers();
    }
}
