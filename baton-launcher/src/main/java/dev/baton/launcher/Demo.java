package dev.baton.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contract.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Walks one lead through its whole lifecycle through the three REST APIs, printing each step. */
final class Demo {

    private final HttpClient http = HttpClient.newHttpClient();
    private final Path data;
    private final Consumer<String> say;

    Demo(Path data, Consumer<String> say) {
        this.data = data;
        this.say = say;
    }

    void walkOneLead() throws IOException, InterruptedException {
        String marketer = Credentials.token(data, "MARKETER");
        String visitor = "demo-visitor-" + UUID.randomUUID();
        call("POST", 8081, "/engagements", marketer, Map.of("eventId", UUID.randomUUID().toString(),
                "visitorId", visitor, "type", "PAGE_VIEW", "occurredAt", Instant.now().toString()));
        say.accept("demo: anonymous visitor " + visitor + " viewed a page");
        JsonNode lead = call("POST", 8081, "/conversions", marketer, Map.of("visitorId", visitor,
                "email", "demo-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", "kind", "FORM", "consent", true));
        String leadId = lead.path("leadId").asText();
        say.accept("demo: converted -> lead " + leadId + " is " + lead.path("stage").asText());
        call("POST", 8081, "/leads/" + leadId + "/qualify", marketer, Map.of("reason", "demo"));
        say.accept("demo: qualified by a marketer");
        JsonNode ownership = await(() -> call("GET", 8082, "/ownership/" + leadId, marketer, null),
                o -> "SALES".equals(o.path("owner").asText()));
        String repId = ownership.path("repId").asText();
        say.accept("demo: handed off to " + repId + ", SLA due " + ownership.path("slaDueAt").asText());
        String rep = Credentials.token(data, repId.equals("rep-ada") ? "SALES_REP" : "SALES_REP_2");
        JsonNode opportunity = await(() -> call("GET", 8083, "/opportunities?leadId=" + leadId, rep, null),
                list -> list.size() > 0).get(0);
        String opportunityId = opportunity.path("opportunityId").asText();
        call("POST", 8083, "/opportunities/" + opportunityId + "/accept", rep, Map.of());
        await(() -> call("GET", 8083, "/opportunities/" + opportunityId, rep, null),
                o -> "OPEN".equals(o.path("status").asText()));
        say.accept("demo: " + repId + " accepted opportunity " + opportunityId);
        call("POST", 8083, "/opportunities/" + opportunityId + "/close", rep, Map.of("outcome", "WON", "amount", 12000));
        say.accept("demo: closed WON");
        call("POST", 8083, "/customers/" + leadId + "/retention", rep, Map.of("kind", "CHECK_IN"));
        JsonNode end = await(() -> call("GET", 8081, "/leads/" + leadId, marketer, null),
                l -> "RETAINED".equals(l.path("stage").asText()));
        say.accept("demo: checked in -> marketing sees the lead as " + end.path("stage").asText()
                + " (highest " + end.path("highestStage").asText() + ", owner " + end.path("owner").asText() + ")");
    }

    private JsonNode call(String method, int port, String path, String token, Object body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10));
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return Json.mapper().readTree(response.body());
    }

    interface Call {
        JsonNode get() throws IOException, InterruptedException;
    }

    private JsonNode await(Call call, Predicate<JsonNode> done) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                JsonNode node = call.get();
                if (done.test(node)) {
                    return node;
                }
            } catch (IllegalStateException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the demo lead did not move on within 30 s");
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }
}
