package dev.baton.platform.problem;

import dev.baton.platform.BatonConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/** Refuses a request whose declared body is larger than {@code baton.http.max-body-size}, before reading it. */
public class BodyLimit {

    private final long maxBodySize;

    public BodyLimit(BatonConfig config) {
        this.maxBodySize = config.http().maxBodySize();
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> checkLength(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return Optional.empty();
        }
        try {
            if (Long.parseLong(length.trim()) > maxBodySize) {
                return Optional.of(new Problem("body-too-large", "Content too large", 413,
                        "the request body is larger than " + maxBodySize + " bytes", request.getUriInfo().getPath())
                        .with("maxBytes", maxBodySize).toResponse());
            }
        } catch (NumberFormatException e) {
            return Optional.of(new Problem("malformed-request", "Bad request", 400, "Content-Length is not a number",
                    request.getUriInfo().getPath()).toResponse());
        }
        return Optional.empty();
    }
}
