package dev.baton.marketing;

import dev.baton.contract.Stage;
import dev.baton.contract.Topics;
import dev.baton.embedded.EmbeddedPostgres;
import dev.baton.testkit.SharedInfrastructure;
import dev.baton.testkit.TestDatabase;
import dev.baton.testkit.TestEvents;
import dev.baton.testkit.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.baton.marketing.MarketingFixtures.asMarketer;
import static dev.baton.marketing.MarketingFixtures.convert;
import static dev.baton.marketing.MarketingFixtures.lifecycle;
import static dev.baton.marketing.MarketingFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Engagement is bulk work with a bounded admission: while ingestion is behind it answers 429 with Retry-After and
 * records nothing of the refused request, what it admitted is recorded and published once, and conversions go on.
 * Ingestion is held behind a row lock taken from outside (a transaction inserting one of the batch's event ids).
 */
@QuarkusTest
@TestProfile(EngagementAdmissionTest.TightAdmission.class)
@MarketingTestResource
class EngagementAdmissionTest {

    /** One lane, 160 events, 2 s, lifecycle 2 s late, 64 KiB being read: small enough to reach from a test. */
    public static class TightAdmission implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("baton.marketing.ingestion.lanes", "1",
                    "baton.marketing.ingestion.max-admitted-events", "160",
                    "baton.marketing.ingestion.max-admitted-age", "5s",
                    "baton.marketing.ingestion.max-lifecycle-delay", "2s",
                    "baton.marketing.ingestion.max-intake-bytes", "64K");
        }
    }

    @Test
    void requestsBeingReadAreBoundedByTheirDeclaredSize() throws Exception {
        String run = "intake-" + UUID.randomUUID();
        // A client that declares 60,000 bytes and sends none of them: let in, it holds 60,000 of the 65,536.
        try (java.net.Socket slow = new java.net.Socket("localhost", RestAssured.port)) {
            slow.getOutputStream().write(("POST /engagements/batch HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + MarketingFixtures.MARKETER + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 60000\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> metric("baton_engagement_admission_intake_bytes") == 60000);

            List<String> batch = ids(run, 60);
            Response refused = postBatch(batch);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.jsonPath().getString("detail")).contains("60000 bytes of bulk requests");
            assertThat(refused.header("Retry-After")).isNotNull();
            assertThat(recorded(SharedInfrastructure.postgres(), batch)).isZero();
        }
        // The connection gone, its bytes are given back.
        await().atMost(Duration.ofSeconds(30)).until(() -> metric("baton_engagement_admission_intake_bytes") == 0);
        assertThat(postBatch(ids(run, 60)).statusCode()).isEqualTo(202);
    }

    @Test
    void engagementGivesWayWhileTheLifecycleIsAppliedLate() throws Exception {
        String leadId = convert(Map.of());
        String run = "late-" + UUID.randomUUID();
        TestDatabase postgres = SharedInfrastructure.postgres();
        try (Connection holder = DriverManager.getConnection(postgres.jdbcUrl("marketing"), EmbeddedPostgres.USER,
                EmbeddedPostgres.PASSWORD)) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                // The lead's row locked from outside: its handoff, consumed next, waits on it.
                s.executeQuery("SELECT 1 FROM lead WHERE lead_id = '" + leadId + "' FOR UPDATE").close();
            }
            TestEvents.publish(lifecycle(leadId, "handed-off", Stage.QUALIFIED, Stage.QUALIFIED, 2,
                    Map.of("repId", "rep-ada", "slaDueAt", Instant.now().plusSeconds(3600).toString(),
                            "policy", "ROUND_ROBIN"), "handoff-service"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> metric("baton_consumer_lifecycle_delay_seconds") > 2.5);

            Response shed = asMarketer().body(event(run + "-1")).post("/engagements").andReturn();
            assertThat(shed.statusCode()).isEqualTo(429);
            assertThat(shed.jsonPath().getString("detail")).contains("lifecycle is applied");
            assertThat(Long.parseLong(shed.header("Retry-After"))).isGreaterThanOrEqualTo(3L);
            assertThat(postBatch(List.of(run + "-2")).statusCode()).isEqualTo(429);
            assertThat(recorded(postgres, List.of(run + "-1", run + "-2"))).isZero();
            holder.rollback();
        }
        // Once the lifecycle has caught up, engagement is taken again.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asMarketer().get("/leads/" + leadId).then()
                .body("sequence", org.hamcrest.Matchers.equalTo(2)));
        await().atMost(Duration.ofSeconds(30)).until(() -> asMarketer().body(event(run + "-1")).post("/engagements")
                .statusCode() == 202);
        assertThat(recorded(postgres, List.of(run + "-1"))).isEqualTo(1);
    }

    @Test
    void behindIngestionShedsNewWorkWith429AndLosesNothingItAdmitted() throws Exception {
        String run = "admit-" + UUID.randomUUID();
        List<String> a = ids(run + "-a", 100);
        List<String> b = ids(run + "-b", 50);
        List<String> c = ids(run + "-c", 20);
        String d = run + "-d";
        String e = run + "-e";
        TestDatabase postgres = SharedInfrastructure.postgres();
        List<CompletableFuture<Response>> admitted = new ArrayList<>();
        try (Connection holder = DriverManager.getConnection(postgres.jdbcUrl("marketing"), EmbeddedPostgres.USER,
                EmbeddedPostgres.PASSWORD)) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                // Batch a's first event id, inserted and not committed: a's insert waits on it, holding the one lane.
                s.executeUpdate("INSERT INTO engagement (event_id, visitor_id, type, occurred_at) VALUES ('"
                        + a.get(0) + "', 'holder', 'PAGE_VIEW', now())");
            }
            admitted.add(CompletableFuture.supplyAsync(() -> postBatch(a)));
            await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnALock(postgres));
            admitted.add(CompletableFuture.supplyAsync(() -> postBatch(b)));
            await().atMost(Duration.ofSeconds(30)).until(() -> metric("baton_engagement_admission_admitted_events") == 150);

            // 150 admitted + 20 > 160: refused at once, nothing recorded.
            Response refused = postBatch(c);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.jsonPath().getString("type")).endsWith("/overloaded");
            assertThat(refused.jsonPath().getString("detail")).contains("150 bulk events are already admitted");
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 30L);

            // One more event fits (151): admitted, it waits for the lane.
            admitted.add(CompletableFuture.supplyAsync(() -> asMarketer().body(event(d)).post("/engagements")
                    .andReturn()));
            await().atMost(Duration.ofSeconds(30)).until(() -> metric("baton_engagement_admission_admitted_events") == 151);

            // The lifecycle has its own capacity: a conversion is answered while ingestion is stuck.
            String leadId = convert(Map.of());
            assertThat(leadId).isNotBlank();

            // Once the oldest admitted request has waited past 5 s (room for the steps above on a busy machine), even a
            // single event is refused.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> metric("baton_engagement_admission_oldest_seconds") > 5.5);
            Response late = asMarketer().body(event(e)).post("/engagements").andReturn();
            assertThat(late.statusCode()).isEqualTo(429);
            assertThat(late.jsonPath().getString("detail")).contains("has waited");
            assertThat(Long.parseLong(late.header("Retry-After"))).isGreaterThanOrEqualTo(3L);
            // Shedding tells nothing to a caller without a token.
            RestAssured.given().contentType("application/json").body(event(e)).post("/engagements").then()
                    .statusCode(401);
            assertThat(admitted).noneMatch(CompletableFuture::isDone);
            assertThat(recorded(postgres, c)).as("nothing of a refused batch was recorded").isZero();
            assertThat(recorded(postgres, List.of(e))).isZero();
            holder.rollback();
        }

        // What was admitted is answered and recorded, in full.
        for (CompletableFuture<Response> call : admitted) {
            Response answer = call.get();
            assertThat(answer.statusCode()).isEqualTo(202);
            assertThat(answer.asString()).doesNotContain("REJECTED").doesNotContain("DUPLICATE");
        }
        // The refused ones were not half-applied: sent again, they are recorded for the first time.
        Response again = postBatch(c);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.jsonPath().getList("results.status")).containsOnly("RECORDED").hasSize(20);
        asMarketer().body(event(e)).post("/engagements").then().statusCode(202)
                .body("status", org.hamcrest.Matchers.equalTo("RECORDED"));
        assertThat(metric("baton_engagement_admission_shed_requests_total")).isGreaterThanOrEqualTo(2.0);

        // And each is published once.
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        all.addAll(c);
        all.add(d);
        all.add(e);
        String bootstrap = SharedInfrastructure.kafka().bootstrapServers();
        List<String> published = TopicReader.readUntil(bootstrap, Topics.ENGAGEMENT,
                        r -> read(r.value()).path("eventId").asText().startsWith(run),
                        found -> found.size() >= all.size(), Duration.ofSeconds(30))
                .stream().map(r -> read(r.value()).path("eventId").asText()).toList();
        assertThat(published).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
    }

    private static List<String> ids(String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(prefix + "-" + i);
        }
        return ids;
    }

    private static String event(String id) {
        return "{\"eventId\":\"" + id + "\",\"visitorId\":\"v-" + id + "\",\"type\":\"PAGE_VIEW\",\"occurredAt\":\""
                + Instant.now() + "\"}";
    }

    private static Response postBatch(List<String> ids) {
        return asMarketer().body("[" + String.join(",", ids.stream().map(EngagementAdmissionTest::event).toList()) + "]")
                .post("/engagements/batch").andReturn();
    }

    private static boolean waitingOnALock(TestDatabase postgres) throws Exception {
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl("marketing"), EmbeddedPostgres.USER,
                EmbeddedPostgres.PASSWORD);
             Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = 'marketing'"
                     + " AND wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    private static long recorded(TestDatabase postgres, List<String> ids) throws Exception {
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl("marketing"), EmbeddedPostgres.USER,
                EmbeddedPostgres.PASSWORD);
             PreparedStatement s = db.prepareStatement("SELECT count(*) FROM engagement WHERE event_id = ANY (?)")) {
            s.setArray(1, db.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static double metric(String name) {
        String text = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(2)) : Double.NaN;
    }
}
