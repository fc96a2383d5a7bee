package dev.baton.journey;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contract.Json;
import dev.baton.contract.Topics;
import dev.baton.testkit.SharedInfrastructure;
import dev.baton.testkit.TestTokens;
import dev.baton.testkit.TopicReader;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The handoff SLA across a crash: handoff-service is killed (-9) in the middle of a lead's window and started again,
 * after the window ended, with another SLA setting. The stored timer is neither lost (the breach comes, for the original
 * due time) nor doubled (one at-risk warning, sent before the crash; one breach; one reassignment).
 */
class SlaRestartIT {

    private static final String MARKETER = TestTokens.token("marketer-mia", "marketer");
    private static final String OPS = TestTokens.token("ops-olga", "ops");

    @Test
    void aCrashInTheMiddleOfTheWindowNeitherLosesNorDoublesTheBreach() throws Exception {
        try (ServiceProcesses services = ServiceProcesses.start("sla-restart", Map.of("handoff", Map.of(
                "BATON_HANDOFF_SLA_WINDOW", "PT20S", "BATON_HANDOFF_SLA_AT_RISK_FRACTION", "0.25")))) {
            String leadId = given().baseUri(services.url("marketing")).auth().oauth2(MARKETER)
                    .contentType(ContentType.JSON)
                    .body(Map.of("email", "sla-" + UUID.randomUUID() + "@example.com", "kind", "FORM", "consent", true))
                    .post("/conversions").then().statusCode(201).extract().path("leadId");
            given().baseUri(services.url("marketing")).auth().oauth2(MARKETER).contentType(ContentType.JSON)
                    .body(Map.of()).post("/leads/" + leadId + "/qualify").then().statusCode(200);
            List<JsonNode> warned = lifecycle(leadId, has("sla-at-risk"), Duration.ofSeconds(60));
            JsonNode handedOff = only(warned, "handed-off");
            Instant due = Instant.parse(given().baseUri(services.url("handoff")).auth().oauth2(OPS)
                    .get("/ownership/" + leadId).then().statusCode(200).extract().<String>path("slaDueAt"));

            services.kill("handoff");
            assertThat(Instant.now()).as("the crash falls inside the window").isBefore(due);
            await("the window to end while handoff-service is down").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200)).until(() -> Instant.now().isAfter(due));
            // Restarted with a window that would not have ended yet: only the stored due time can breach the lead.
            services.restart("handoff", Map.of("BATON_HANDOFF_SLA_WINDOW", "PT4H"));

            List<JsonNode> events = lifecycle(leadId, has("reassigned"), Duration.ofSeconds(60));
            assertThat(events).extracting(e -> e.path("type").asText()).containsExactly("identified", "qualified",
                    "handed-off", "sla-at-risk", "sla-breached", "reassigned");
            JsonNode breached = only(events, "sla-breached");
            assertThat(breached.path("details").path("slaDueAt").asText()).isEqualTo(due.toString());
            assertThat(breached.path("details").path("repId").asText())
                    .isEqualTo(handedOff.path("details").path("repId").asText());
            assertThat(Instant.parse(breached.path("occurredAt").asText())).isAfterOrEqualTo(due);
            assertThat(breached.path("sequence").asLong()).isEqualTo(4);
            assertThat(only(events, "reassigned").path("details").path("toRepId").asText())
                    .isNotEqualTo(handedOff.path("details").path("repId").asText());
        }
    }

    private static Predicate<List<JsonNode>> has(String type) {
        return events -> events.stream().anyMatch(e -> type.equals(e.path("type").asText()));
    }

    private static JsonNode only(List<JsonNode> events, String type) {
        List<JsonNode> found = events.stream().filter(e -> type.equals(e.path("type").asText())).toList();
        assertThat(found).as("%s events", type).hasSize(1);
        return found.get(0);
    }

    /** The lead's lifecycle as a plain consumer reads it, once {@code done}, and after a short extra read. */
    private static List<JsonNode> lifecycle(String leadId, Predicate<List<JsonNode>> done, Duration timeout) {
        TopicReader.readUntil(SharedInfrastructure.kafka().bootstrapServers(), Topics.LIFECYCLE,
                r -> leadId.equals(r.key()), records -> done.test(parse(records)), timeout);
        return parse(TopicReader.readUntil(SharedInfrastructure.kafka().bootstrapServers(), Topics.LIFECYCLE,
                r -> leadId.equals(r.key()), records -> false, Duration.ofSeconds(2)));
    }

    private static List<JsonNode> parse(List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> {
            try {
                return Json.mapper().readTree(r.value());
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + r.value(), e);
            }
        }).toList();
    }
}
