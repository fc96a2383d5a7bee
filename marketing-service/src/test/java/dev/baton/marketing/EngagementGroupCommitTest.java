package dev.baton.marketing;

import dev.baton.contract.Topics;
import dev.baton.testkit.SharedInfrastructure;
import dev.baton.testkit.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.baton.marketing.MarketingFixtures.asMarketer;
import static dev.baton.marketing.MarketingFixtures.convert;
import static dev.baton.marketing.MarketingFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Single engagement events sent at the same moment share transactions (group commit); each caller still gets its own
 * answer, each event is recorded and published once, and a bad event fails nobody else's.
 */
@QuarkusTest
@MarketingTestResource
class EngagementGroupCommitTest {

    private record Sent(String eventId, String body, int expected) {
    }

    @Test
    void singleEventsSentTogetherAreEachAnsweredRecordedAndPublishedOnce() throws Exception {
        String leadId = convert(Map.of());
        String visitor = "group-" + UUID.randomUUID();
        List<Sent> burst = new ArrayList<>();
        List<String> firstSends = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String id = "group-" + UUID.randomUUID();
            firstSends.add(id);
            burst.add(new Sent(id, event(id, "\"visitorId\":\"" + visitor + "-" + (i % 20) + "\"", "{\"page\":\"/" + i + "\"}"), 202));
        }
        List<String> leadEvents = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = "group-lead-" + UUID.randomUUID();
            leadEvents.add(id);
            burst.add(new Sent(id, event(id, "\"leadId\":\"" + leadId + "\"", null), 202));
        }
        // The same events again, in the same burst: 202, counted once.
        for (int i = 0; i < 40; i++) {
            Sent original = burst.get(i * 5);
            burst.add(new Sent(original.eventId(), original.body(), 202));
        }
        // A lead that does not exist: 404, and text PostgreSQL cannot store: 400. Neither fails its neighbours.
        String missingLead = UUID.randomUUID().toString();
        for (int i = 0; i < 5; i++) {
            String id = "group-missing-" + UUID.randomUUID();
            burst.add(new Sent(id, event(id, "\"leadId\":\"" + missingLead + "\"", null), 404));
        }
        String poison = "group-nul-" + UUID.randomUUID();
        burst.add(new Sent(poison, event(poison, "\"visitorId\":\"" + visitor + "\"", "{\"page\":\"a\\u0000b\"}"), 400));
        Collections.shuffle(burst);

        ExecutorService callers = Executors.newFixedThreadPool(32);
        Map<String, List<String>> statusesById = new HashMap<>();
        try {
            List<CompletableFuture<Map.Entry<Sent, Response>>> calls = burst.stream()
                    .map(sent -> CompletableFuture.supplyAsync(() -> Map.entry(sent, asMarketer().body(sent.body())
                            .post("/engagements").andReturn()), callers))
                    .toList();
            for (CompletableFuture<Map.Entry<Sent, Response>> call : calls) {
                Map.Entry<Sent, Response> answered = call.get();
                Sent sent = answered.getKey();
                Response response = answered.getValue();
                assertThat(response.statusCode()).as("answer to %s", sent.eventId()).isEqualTo(sent.expected());
                if (sent.expected() == 202) {
                    statusesById.computeIfAbsent(sent.eventId(), k -> new ArrayList<>())
                            .add(response.jsonPath().getString("status"));
                } else {
                    assertThat(response.contentType()).startsWith("application/problem+json");
                }
            }
        } finally {
            callers.shutdown();
        }

        // Every accepted event was RECORDED exactly once, its re-sends DUPLICATE.
        assertThat(statusesById).hasSize(230);
        statusesById.forEach((id, statuses) -> assertThat(statuses).as(id).containsOnlyOnce("RECORDED")
                .allMatch(s -> s.equals("RECORDED") || s.equals("DUPLICATE")));

        // Published once each, and nothing of the rejected ones.
        Set<String> ours = new HashSet<>(firstSends);
        ours.addAll(leadEvents);
        java.util.function.Predicate<ConsumerRecord<String, String>> oursOrRejected = r -> {
            String id = read(r.value()).path("eventId").asText();
            return ours.contains(id) || id.startsWith("group-missing-") || id.startsWith("group-nul-");
        };
        String bootstrap = SharedInfrastructure.kafka().bootstrapServers();
        TopicReader.readUntil(bootstrap, Topics.ENGAGEMENT, oursOrRejected, found -> found.size() >= ours.size(),
                Duration.ofSeconds(30));
        // Read a little longer: a duplicate or a rejected event would show up now.
        List<String> publishedIds = TopicReader.readUntil(bootstrap, Topics.ENGAGEMENT, oursOrRejected,
                        found -> found.size() > ours.size(), Duration.ofSeconds(2))
                .stream().map(r -> read(r.value()).path("eventId").asText()).toList();
        assertThat(publishedIds).hasSize(230).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ours);

        // The lead's 30 page views count once each (2 points each, capped at 10).
        asMarketer().get("/leads/" + leadId).then().statusCode(200)
                .body("scoreParts.engagement.PAGE_VIEW.events", equalTo(30));

        // And they did share transactions.
        assertThat(metric("baton_engagement_group_size_max")).isGreaterThan(1.0);
    }

    private static String event(String id, String who, String properties) {
        return "{\"eventId\":\"" + id + "\"," + who + ",\"type\":\"PAGE_VIEW\",\"occurredAt\":\"" + Instant.now() + "\""
                + (properties == null ? "" : ",\"properties\":" + properties) + "}";
    }

    private static double metric(String name) {
        String text = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(text);
        assertThat(m.find()).as("metric %s in /q/metrics", name).isTrue();
        return Double.parseDouble(m.group(2));
    }
}
