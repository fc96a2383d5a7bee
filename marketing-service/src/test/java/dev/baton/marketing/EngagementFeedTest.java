package dev.baton.marketing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contract.EventTypes;
import dev.baton.contract.Topics;
import dev.baton.embedded.EmbeddedPostgres;
import dev.baton.testkit.SharedInfrastructure;
import dev.baton.testkit.TestDatabase;
import dev.baton.testkit.TestBroker;
import dev.baton.testkit.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static dev.baton.marketing.MarketingFixtures.asMarketer;
import static dev.baton.marketing.MarketingFixtures.convert;
import static dev.baton.marketing.MarketingFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code marketing.engagement.v1} is published from the engagement table (no outbox copy): every recorded event once,
 * with what was sent, a CloudEvents id that does not change, never before an older transaction has ended, and nothing
 * lost while the broker is down.
 */
@QuarkusTest
@MarketingTestResource
class EngagementFeedTest {

    private static final Duration PUBLISHED_WITHIN = Duration.ofSeconds(30);

    @Test
    void eachRecordedEventIsPublishedOnceWithWhatWasSent() {
        String leadId = convert(java.util.Map.of());
        String visitor = "feed-visitor-" + UUID.randomUUID();
        Instant occurredAt = Instant.now().minus(3, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        List<String> ids = new ArrayList<>();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            String id = "feed-" + UUID.randomUUID();
            ids.add(id);
            String who = i % 2 == 0 ? "\"visitorId\":\"" + visitor + "\"" : "\"leadId\":\"" + leadId + "\"";
            batch.append(i == 0 ? "" : ",").append(event(id, who, occurredAt, "{\"page\":\"/pricing\",\"n\":" + i + "}"));
        }
        // The first event again in the same batch: DUPLICATE, published once.
        batch.append(",").append(event(ids.get(0), "\"visitorId\":\"" + visitor + "\"", occurredAt, null)).append("]");
        asMarketer().body(batch.toString()).post("/engagements/batch").then().statusCode(202)
                .body("results.size()", equalTo(21)).body("results[20].status", equalTo("DUPLICATE"));
        // Sent again later: nothing new is published.
        asMarketer().body(event(ids.get(1), "\"leadId\":\"" + leadId + "\"", occurredAt, null)).post("/engagements")
                .then().statusCode(202).body("status", equalTo("DUPLICATE"));

        List<ConsumerRecord<String, String>> published = readAtLeast(Set.copyOf(ids), ids.size());
        // The device is named by one pseudonym, never by its id.
        Set<String> pseudonyms = published.stream().map(r -> data(r)).filter(d -> !d.has("leadId"))
                .map(d -> d.path("visitorId").asText()).collect(java.util.stream.Collectors.toSet());
        assertThat(pseudonyms).hasSize(1).doesNotContain(visitor);
        String pseudonym = pseudonyms.iterator().next();
        assertThat(UUID.fromString(pseudonym)).isNotNull();

        assertThat(published).extracting(r -> data(r).path("eventId").asText())
                .containsExactlyInAnyOrderElementsOf(ids);
        for (ConsumerRecord<String, String> record : published) {
            JsonNode data = data(record);
            int n = data.path("properties").path("n").asInt();
            boolean anonymous = n % 2 == 0;
            String subject = anonymous ? pseudonym : leadId;
            assertThat(record.key()).isEqualTo(subject);
            assertThat(TopicReader.header(record, "ce_subject")).isEqualTo(subject);
            assertThat(TopicReader.header(record, "ce_type")).isEqualTo(EventTypes.ENGAGEMENT_RECORDED.ceType());
            assertThat(TopicReader.header(record, "ce_source")).isEqualTo("/baton/marketing-service");
            assertThat(Instant.parse(TopicReader.header(record, "ce_time"))).isEqualTo(occurredAt);
            assertThat(UUID.fromString(TopicReader.header(record, "ce_id")).version()).as("ce_id version").isEqualTo(8);
            assertThat(data.path("type").asText()).isEqualTo("PAGE_VIEW");
            assertThat(Instant.parse(data.path("occurredAt").asText())).isEqualTo(occurredAt);
            assertThat(data.path("properties").path("page").asText()).isEqualTo("/pricing");
            if (anonymous) {
                assertThat(data.path("visitorId").asText()).isEqualTo(pseudonym);
                assertThat(data.has("leadId")).as("an anonymous visitor's event has no lead").isFalse();
            } else {
                assertThat(data.path("leadId").asText()).isEqualTo(leadId);
            }
        }
    }

    @Test
    void anEventPublishedAgainKeepsItsCloudEventsId() throws Exception {
        List<String> ids = new ArrayList<>();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 5; i++) {
            String id = "feed-again-" + UUID.randomUUID();
            ids.add(id);
            batch.append(i == 0 ? "" : ",").append(event(id, "\"visitorId\":\"feed-again\"", Instant.now(), null));
        }
        asMarketer().body(batch.append("]").toString()).post("/engagements/batch").then().statusCode(202);
        java.util.Map<String, String> firstIds = readAtLeast(Set.copyOf(ids), ids.size()).stream()
                .collect(Collectors.toMap(r -> data(r).path("eventId").asText(), r -> TopicReader.header(r, "ce_id")));

        // What a relay that died after the broker's acknowledgement, before recording it, does next: publish again.
        try (Connection db = DriverManager.getConnection(SharedInfrastructure.postgres().jdbcUrl("marketing"),
                EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
             Statement statement = db.createStatement()) {
            statement.executeUpdate("UPDATE engagement_feed SET seq = (SELECT min(seq) - 1 FROM engagement"
                    + " WHERE event_id IN ('" + String.join("','", ids) + "'))");
        }
        asMarketer().body(event("feed-again-wake-" + UUID.randomUUID(), "\"visitorId\":\"feed-again\"", Instant.now(),
                null)).post("/engagements").then().statusCode(202);

        List<ConsumerRecord<String, String>> both = TopicReader.readUntil(bootstrap(), Topics.ENGAGEMENT,
                isEvent(Set.copyOf(ids)), found -> found.size() >= 2 * ids.size(), PUBLISHED_WITHIN);
        assertThat(both).hasSize(2 * ids.size());
        for (ConsumerRecord<String, String> record : both) {
            assertThat(TopicReader.header(record, "ce_id")).as("ce_id of %s", data(record).path("eventId").asText())
                    .isEqualTo(firstIds.get(data(record).path("eventId").asText()));
        }
    }

    @Test
    void anEventWaitsUntilEveryOlderTransactionHasEnded() throws Exception {
        TestDatabase postgres = SharedInfrastructure.postgres();
        String id = "feed-after-" + UUID.randomUUID();
        try (Connection older = DriverManager.getConnection(postgres.jdbcUrl("marketing"), EmbeddedPostgres.USER,
                EmbeddedPostgres.PASSWORD)) {
            // A transaction that started writing before the event's: until it ends, it could still commit a row that
            // belongs before the event in the feed.
            older.setAutoCommit(false);
            try (Statement statement = older.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT pg_current_xact_id()")) {
                assertThat(rs.next()).isTrue();
            }

            asMarketer().body(event(id, "\"visitorId\":\"feed-waiting\"", Instant.now(), null)).post("/engagements")
                    .then().statusCode(202).body("status", equalTo("RECORDED"));

            assertThat(TopicReader.readUntil(bootstrap(), Topics.ENGAGEMENT, isEvent(Set.of(id)), found -> !found.isEmpty(),
                    Duration.ofSeconds(3))).as("published while an older transaction is open").isEmpty();
            older.rollback();
        }
        assertThat(readAtLeast(Set.of(id), 1)).hasSize(1);
    }

    @Test
    void aTransactionOfAnotherDatabaseDoesNotHoldTheFeedBack() throws Exception {
        // Before: the feed waited for the cluster-wide snapshot horizon, so this transaction stopped publication.
        String id = "feed-other-db-" + UUID.randomUUID();
        try (Connection other = DriverManager.getConnection(SharedInfrastructure.postgres().jdbcUrl("postgres"),
                EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD)) {
            other.setAutoCommit(false);
            try (Statement statement = other.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT pg_current_xact_id()")) {
                assertThat(rs.next()).isTrue();
            }
            asMarketer().body(event(id, "\"visitorId\":\"feed-other-db\"", Instant.now(), null)).post("/engagements")
                    .then().statusCode(202);
            assertThat(readAtLeast(Set.of(id), 1)).as("published while another database's transaction is open")
                    .hasSize(1);
            other.rollback();
        }
    }

    @Test
    void rowsOfARestoredDatabaseWithHigherTransactionIdsDoNotStopTheFeed() throws Exception {
        // A dump restored into a new cluster keeps the rows' old transaction ids, higher than the ones new rows get.
        // Before, the cursor was a (transaction id, sequence) pair and every new row sorted before it: never published.
        try (Connection db = DriverManager.getConnection(SharedInfrastructure.postgres().jdbcUrl("marketing"),
                EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
             Statement statement = db.createStatement()) {
            statement.executeUpdate("UPDATE engagement SET tx = tx + 1000000000000"
                    + " WHERE seq <= (SELECT seq FROM engagement_feed) AND tx < 1000000000000");
        }
        String id = "feed-restored-" + UUID.randomUUID();
        asMarketer().body(event(id, "\"visitorId\":\"feed-restored\"", Instant.now(), null)).post("/engagements")
                .then().statusCode(202);
        assertThat(readAtLeast(Set.of(id), 1)).hasSize(1);
    }

    @Test
    void eventsRecordedWhileTheBrokerIsDownArriveOnceWhenItIsBack() {
        TestBroker kafka = SharedInfrastructure.kafka();
        List<String> ids = new ArrayList<>();
        kafka.stop();
        try {
            for (int i = 0; i < 5; i++) {
                StringBuilder batch = new StringBuilder("[");
                for (int j = 0; j < 50; j++) {
                    String id = "feed-outage-" + UUID.randomUUID();
                    ids.add(id);
                    batch.append(j == 0 ? "" : ",").append(event(id, "\"visitorId\":\"feed-outage-" + j + "\"",
                            Instant.now(), null));
                }
                asMarketer().body(batch.append("]").toString()).post("/engagements/batch").then().statusCode(202)
                        .body("results.status.unique()", org.hamcrest.Matchers.contains("RECORDED"));
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> feedLag() >= ids.size());
        } finally {
            kafka.start();
        }
        assertThat(readAtLeast(Set.copyOf(ids), ids.size())).extracting(r -> data(r).path("eventId").asText())
                .containsExactlyInAnyOrderElementsOf(ids);
        org.awaitility.Awaitility.await().atMost(PUBLISHED_WITHIN).until(() -> feedLag() == 0);
    }

    /** The engagement feed's lag as {@code /q/metrics} shows it. */
    private static double feedLag() {
        String metrics = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("baton_engagement_feed_lag "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst()
                .orElseThrow();
    }

    /** The records of these events: waits until at least {@code count} are there, then reads on for a moment. */
    private static List<ConsumerRecord<String, String>> readAtLeast(Set<String> ids, int count) {
        TopicReader.readUntil(bootstrap(), Topics.ENGAGEMENT, isEvent(ids), found -> found.size() >= count,
                PUBLISHED_WITHIN);
        // Read a little longer than needed: a second copy would show up now.
        List<ConsumerRecord<String, String>> found = TopicReader.readUntil(bootstrap(), Topics.ENGAGEMENT, isEvent(ids),
                all -> all.size() > count, Duration.ofSeconds(2));
        assertThat(found.stream().map(r -> TopicReader.header(r, "ce_id")).collect(Collectors.toSet()))
                .as("CloudEvents ids").hasSize(found.size());
        return found;
    }

    private static Predicate<ConsumerRecord<String, String>> isEvent(Set<String> ids) {
        return r -> ids.contains(data(r).path("eventId").asText());
    }

    private static JsonNode data(ConsumerRecord<String, String> record) {
        return read(record.value());
    }

    private static String bootstrap() {
        return SharedInfrastructure.kafka().bootstrapServers();
    }

    private static String event(String id, String who, Instant occurredAt, String properties) {
        return "{\"eventId\":\"" + id + "\"," + who + ",\"type\":\"PAGE_VIEW\",\"occurredAt\":\"" + occurredAt + "\""
                + (properties == null ? "" : ",\"properties\":" + properties) + "}";
    }
}
