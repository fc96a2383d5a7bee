package dev.baton.faults.workload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contract.Json;
import dev.baton.faults.infra.Fleet;
import dev.baton.faults.infra.Replica;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The three REST APIs, each request sent to one of the service's two replicas at random. A connection that was never
 * made (refused, or not made in time) is tried on the other replica: nothing was sent, so that is safe. Anything
 * after sending is answered as it is.
 */
public final class Api {

    public static final String MARKETING = "marketing-service";
    public static final String HANDOFF = "handoff-service";
    public static final String SALES = "sales-service";

    private final Fleet fleet;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();
    private final Duration timeout;

    public Api(Fleet fleet, Duration timeout) {
        this.fleet = fleet;
        this.timeout = timeout;
    }

    public Outcome get(String service, String path, String token) {
        return call(service, "GET", path, token, null);
    }

    public Outcome post(String service, String path, String token, Object body) {
        return call(service, "POST", path, token, body);
    }

    private Outcome call(String service, String method, String path, String token, Object body) {
        List<Replica> replicas = fleet.of(service);
        int first = ThreadLocalRandom.current().nextInt(replicas.size());
        for (int attempt = 0; attempt < replicas.size(); attempt++) {
            Replica replica = replicas.get((first + attempt) % replicas.size());
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(replica.url() + path)).timeout(timeout)
                    .header("Authorization", "Bearer " + token);
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                return Outcome.of(response.statusCode(), parse(response.body()));
            } catch (HttpConnectTimeoutException | ConnectException notConnected) {
                // never sent: the other replica may take it
            } catch (IOException lostAfterSending) {
                if (!method.equals("GET")) {
                    return Outcome.unknown();
                }
                // a read changes nothing: the other replica may answer it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.unknown();
            }
        }
        return method.equals("GET") ? Outcome.unknown() : Outcome.unreachable();
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return Json.mapper().readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }
}
