package dev.baton.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Baton's REST APIs as their users call them: an asynchronous HTTP/1.1 client with a pool of keep-alive connections per
 * service (Vert.x, on two event loops: cheap enough per request that the load generator does not take the CPU the
 * services need), bearer tokens from DATA/tokens.env.
 */
public final class Api implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TYPES = {"PAGE_VIEW", "PAGE_VIEW", "PAGE_VIEW", "EMAIL_OPEN", "EMAIL_CLICK",
            "CONTENT_DOWNLOAD", "AD_CLICK", "FORM_VIEW"};
    private static final String[] PAGES = {"/", "/pricing", "/product", "/blog/kafka-outbox", "/docs/getting-started",
            "/customers", "/webinar/2025-q3"};

    final String marketing;
    final String handoff;
    final String sales;
    private final Map<String, String> tokensByVariable;
    private final Map<String, String> tokensBySubject;
    private final Vertx vertx;
    /** One context per event loop, taken in turn: each request runs on one. */
    private final io.vertx.core.Context[] contexts;
    private final java.util.concurrent.atomic.AtomicInteger nextContext = new java.util.concurrent.atomic.AtomicInteger();
    private final HttpClient client;
    private final String host;
    private final Duration timeout;
    private final int visitors;

    public Api(Path tokensFile, String host, Duration timeout, int visitors) throws IOException {
        this(tokensFile, host, timeout, visitors, 1);
    }

    /**
     * @param connections keep-alive connections per service: many connections spread the load over the services'
     *                    event loops the way many callers do
     */
    public Api(Path tokensFile, String host, Duration timeout, int visitors, int connections) throws IOException {
        this.marketing = "http://" + host + ":8081";
        this.handoff = "http://" + host + ":8082";
        this.sales = "http://" + host + ":8083";
        this.timeout = timeout;
        this.visitors = visitors;
        this.tokensByVariable = new HashMap<>();
        this.tokensBySubject = new HashMap<>();
        parseTokens(Files.readAllLines(tokensFile), tokensByVariable, tokensBySubject);
        this.host = host;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        // No connection idle timeout: each request has its own, and the pool's keep-alive timeout retires unused
        // connections.
        // Created from this (non-Vert.x) thread, each new context is bound to the next event loop.
        this.contexts = new io.vertx.core.Context[] {vertx.getOrCreateContext(), vertx.getOrCreateContext()};
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5000),
                new PoolOptions().setHttp1MaxSize(Math.max(1, connections)));
    }

    /** Reads {@code TOKEN_X=...} lines; the comment line before each names the subject ({@code # rep-ada (sales-rep)}). */
    static void parseTokens(List<String> lines, Map<String, String> byVariable, Map<String, String> bySubject) {
        String subject = null;
        for (String line : lines) {
            if (line.startsWith("# ") && line.endsWith(")") && line.contains(" (")) {
                subject = line.substring(2, line.indexOf(" ("));
            } else if (line.startsWith("TOKEN_") && line.contains("=")) {
                String variable = line.substring("TOKEN_".length(), line.indexOf('='));
                String token = line.substring(line.indexOf('=') + 1).trim();
                byVariable.put(variable, token);
                if (subject != null) {
                    bySubject.put(subject, token);
                }
                subject = null;
            }
        }
    }

    public String token(String variable) {
        String token = tokensByVariable.get(variable);
        if (token == null) {
            throw new IllegalStateException("no TOKEN_" + variable + " in tokens.env");
        }
        return token;
    }

    /** The token of a rep by their id (JWT sub), or the manager's when the run made no token for that rep. */
    public String tokenOfRep(String repId) {
        String token = tokensBySubject.get(repId);
        return token != null ? token : token("SALES_MANAGER");
    }

    // ---- engagement bodies

    public String visitor(ThreadLocalRandom random) {
        return "bench-v-" + random.nextInt(visitors);
    }

    static void appendEvent(StringBuilder out, String visitorId, String leadId, ThreadLocalRandom random) {
        appendEvent(out, visitorId, leadId, random, "");
    }

    static void appendEvent(StringBuilder out, String visitorId, String leadId, ThreadLocalRandom random,
            String idPrefix) {
        out.append("{\"eventId\":\"").append(idPrefix).append(new UUID(random.nextLong(), random.nextLong())).append('"');
        if (visitorId != null) {
            out.append(",\"visitorId\":\"").append(visitorId).append('"');
        }
        if (leadId != null) {
            out.append(",\"leadId\":\"").append(leadId).append('"');
        }
        out.append(",\"type\":\"").append(TYPES[random.nextInt(TYPES.length)]).append('"')
                .append(",\"occurredAt\":\"").append(Instant.now()).append('"')
                .append(",\"properties\":{\"page\":\"").append(PAGES[random.nextInt(PAGES.length)])
                .append("\",\"referrer\":\"bench\"}}");
    }

    public String oneEvent(String visitorId, String leadId) {
        StringBuilder out = new StringBuilder(256);
        appendEvent(out, visitorId, leadId, ThreadLocalRandom.current());
        return out.toString();
    }

    public String batchOfEvents(int size) {
        return batchOfEvents(size, "");
    }

    /** A batch of new events whose eventIds start with {@code idPrefix} (so that a reader of the topic can count them). */
    public String batchOfEvents(int size, String idPrefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder out = new StringBuilder(size * 230 + 2).append('[');
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                out.append(',');
            }
            appendEvent(out, visitor(random), null, random, idPrefix);
        }
        return out.append(']').toString();
    }

    // ---- calls

    /** An HTTP answer: its status, body and headers. */
    public record Reply(int statusCode, String body, io.vertx.core.MultiMap headers) {
        /** The headers that say what the body is, for a diagnostic. */
        public String framing() {
            return "content-type=" + headers.get("content-type") + " content-length=" + headers.get("content-length")
                    + " transfer-encoding=" + headers.get("transfer-encoding");
        }
    }

    private CompletableFuture<Reply> send(HttpMethod method, String base, String path, String token, String body,
            Duration limit) {
        int port = Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
        RequestOptions options = new RequestOptions().setMethod(method).setHost(host).setPort(port).setURI(path)
                .setIdleTimeout(limit.toMillis());
        if (token != null) {
            options.putHeader("Authorization", "Bearer " + token);
        }
        if (body != null) {
            options.putHeader("Content-Type", "application/json");
        }
        // Everything on an event loop: called from another thread, a response that arrived before body() was attached
        // lost its body (two 200s with content-length 543 read as empty in a run).
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        contexts[Math.floorMod(nextContext.getAndIncrement(), contexts.length)].runOnContext(v -> client.request(options)
                .compose(request -> body == null ? request.send() : request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(b -> new Reply(response.statusCode(), b.toString(),
                        response.headers())))
                .onComplete(done -> {
                    if (done.succeeded()) {
                        reply.complete(done.result());
                    } else {
                        reply.completeExceptionally(done.cause());
                    }
                }));
        return reply;
    }

    public CompletableFuture<Reply> post(String base, String path, String token, String body) {
        return send(HttpMethod.POST, base, path, token, body == null ? "" : body, timeout);
    }

    public CompletableFuture<Reply> get(String base, String path, String token) {
        return send(HttpMethod.GET, base, path, token, null, timeout);
    }

    /** One engagement event: null when answered 202, else the reason. */
    public CompletableFuture<String> engagementSingle(String token) {
        return post(marketing, "/engagements", token, oneEvent(visitor(ThreadLocalRandom.current()), null))
                .thenApply(r -> r.statusCode() == 202 ? null : "HTTP " + r.statusCode());
    }

    /** One batch: null when answered 202 with no REJECTED item, else the reason. */
    public CompletableFuture<String> engagementBatch(String token, int size) {
        return engagementBatch(token, size, "");
    }

    /** As {@link #engagementBatch(String, int)}, the eventIds starting with {@code idPrefix}. */
    public CompletableFuture<String> engagementBatch(String token, int size, String idPrefix) {
        return post(marketing, "/engagements/batch", token, batchOfEvents(size, idPrefix))
                .thenApply(r -> r.statusCode() != 202 ? "HTTP " + r.statusCode()
                        : r.body().contains("\"REJECTED\"") ? "item REJECTED" : null);
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + (body.length() > 200 ? body.substring(0, 200) : body), e);
        }
    }

    /** Blocking GET of a health or metrics endpoint: the status, or -1 when nothing answers. */
    public int status(String url) {
        try {
            URI uri = URI.create(url);
            return send(HttpMethod.GET, "http://" + uri.getHost() + ":" + uri.getPort(), uri.getRawPath(), null, null,
                    Duration.ofSeconds(2)).get(3, TimeUnit.SECONDS).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        client.close();
        vertx.close();
    }
}
