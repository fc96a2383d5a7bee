package dev.baton.marketing;

import dev.baton.embedded.EmbeddedPostgres;
import dev.baton.testkit.SharedInfrastructure;
import dev.baton.testkit.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static dev.baton.marketing.MarketingFixtures.asMarketer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reports cannot take the pool from writers: at most two run at once (a third is refused at once, 429 with
 * Retry-After) and PostgreSQL cancels one that runs past the report timeout (503); conversions meanwhile go on. A
 * report is made slow by a lock on the table of anonymous visitors, which it counts and a conversion does not touch.
 */
@QuarkusTest
@MarketingTestResource
class ReadBoundsTest {

    @Inject
    MeterRegistry registry;

    @Test
    void reportsBeyondTheBoundAreRefusedAtOnceAndASlowOneIsCancelledWhileWritersGoOn() throws Exception {
        TestDatabase postgres = SharedInfrastructure.postgres();
        try (Connection holder = DriverManager.getConnection(postgres.jdbcUrl("marketing"), EmbeddedPostgres.USER,
                EmbeddedPostgres.PASSWORD)) {
            holder.setAutoCommit(false);
            lockVisitors(holder);
            List<CompletableFuture<Response>> slow = List.of(
                    CompletableFuture.supplyAsync(() -> asMarketer().get("/reports/funnel")),
                    CompletableFuture.supplyAsync(() -> asMarketer().get("/reports/funnel")));
            await().atMost(Duration.ofSeconds(20)).until(() -> runningReports() == 2);

            Response third = asMarketer().get("/reports/funnel");
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.contentType()).startsWith("application/problem+json");
            assertThat(third.header("Retry-After")).isEqualTo("1");

            long start = System.nanoTime();
            asMarketer().body(Map.of("email", "reads-" + UUID.randomUUID() + "@example.com", "kind", "FORM",
                    "consent", true)).post("/conversions").then().statusCode(201);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));

            for (CompletableFuture<Response> report : slow) {
                Response answer = report.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(answer.contentType()).startsWith("application/problem+json");
                assertThat(answer.jsonPath().getString("type")).endsWith("/report-timed-out");
            }
            holder.rollback();
        }
        assertThat(runningReports()).isZero();
        asMarketer().get("/reports/funnel").then().statusCode(200);
    }

    private static void lockVisitors(Connection holder) throws SQLException {
        try (Statement s = holder.createStatement()) {
            s.execute("LOCK TABLE visitor IN ACCESS EXCLUSIVE MODE");
        }
    }

    private double runningReports() {
        // Absent until the first report creates the bounds.
        var gauge = registry.find("baton.reads.running").tag("kind", "report").gauge();
        return gauge == null ? 0 : gauge.value();
    }
}
