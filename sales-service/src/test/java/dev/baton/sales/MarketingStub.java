package dev.baton.sales;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny stand-in for marketing-service's {@code POST /conversions} (marketing does not run in sales' tests). It
 * answers like marketing: 201 {leadId, stage} for a new email, 200 with the same leadId for the same email in any case
 * or spacing, 401 without a bearer token. Emails steer the rare answers: one containing {@code refused} is a 400
 * problem, {@code marketing-down} a 503, {@code lead-<uuid>@...} an existing lead with that id. Every call (header and
 * body) is recorded and readable at {@code GET /__calls}.
 */
final class MarketingStub {

    private static final Pattern KNOWN_LEAD = Pattern.compile("^lead-([0-9a-f-]{36})@.*");

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> leadsByEmail = new ConcurrentHashMap<>();
    private final ArrayNode calls = json.createArrayNode();
    private HttpServer server;

    String start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/conversions", this::convert);
        server.createContext("/__calls", exchange -> {
            String body;
            synchronized (calls) {
                body = calls.toString();
            }
            answer(exchange, 200, "application/json", body);
        });
        server.start();
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void convert(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
        ObjectNode call = json.createObjectNode();
        call.put("method", exchange.getRequestMethod());
        call.put("authorization", authorization);
        call.set("body", body);
        synchronized (calls) {
            calls.add(call);
        }
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            problem(exchange, 401, "a valid bearer token is required");
            return;
        }
        String email = body.path("email").asText("").strip().toLowerCase(Locale.ROOT);
        if (!"REFERRAL".equals(body.path("kind").asText())) {
            problem(exchange, 400, "field 'kind' must be one of FORM, TRIAL, CONSULTATION, NEWSLETTER, REFERRAL");
        } else if (email.contains("marketing-down")) {
            problem(exchange, 503, "the service could not complete the request");
        } else if (email.contains("refused")) {
            problem(exchange, 400, "email is not a deliverable address");
        } else {
            Matcher known = KNOWN_LEAD.matcher(email);
            if (known.matches()) {
                lead(exchange, 200, known.group(1), "RETAINED");
                return;
            }
            String created = UUID.randomUUID().toString();
            String leadId = leadsByEmail.putIfAbsent(email, created);
            boolean consent = body.path("consent").asBoolean(false);
            lead(exchange, leadId == null ? 201 : 200, leadId == null ? created : leadId, consent ? "QUALIFIED" : "KNOWN");
        }
    }

    private void lead(HttpExchange exchange, int status, String leadId, String stage) throws IOException {
        answer(exchange, status, "application/json", json.createObjectNode().put("leadId", leadId).put("stage", stage)
                .toString());
    }

    private void problem(HttpExchange exchange, int status, String detail) throws IOException {
        answer(exchange, status, "application/problem+json", json.createObjectNode().put("type", "about:blank")
                .put("title", "refused").put("status", status).put("detail", detail).toString());
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
