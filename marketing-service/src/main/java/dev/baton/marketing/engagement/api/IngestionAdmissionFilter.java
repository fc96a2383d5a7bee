package dev.baton.marketing.engagement.api;

import dev.baton.marketing.engagement.EngagementService;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Sheds engagement before its body is read or parsed when ingestion is already behind, or when the engagement requests
 * already being handled hold too many bytes (429, see {@link dev.baton.platform.admission.Admission}): under overload a
 * refusal must cost far less than an acceptance, and what is let in stays bounded in CPU and heap.
 */
public class IngestionAdmissionFilter {

    private final EngagementService service;
    private final long maxBodyBytes;

    public IngestionAdmissionFilter(EngagementService service,
            @ConfigProperty(name = "baton.http.max-body-size") long maxBodyBytes) {
        this.service = service;
        this.maxBodyBytes = maxBodyBytes;
    }

    @ServerRequestFilter
    public void admit(ContainerRequestContext request, RoutingContext routing) {
        if (HttpMethod.POST.equals(request.getMethod()) && request.getUriInfo().getPath().startsWith("/engagements")) {
            Runnable release = service.intake(declaredBytes(request));
            routing.addEndHandler(done -> release.run());
        }
    }

    /** The declared length; a chunked body, whose length is unknown, counts as the largest allowed. */
    private long declaredBytes(ContainerRequestContext request) {
        int length = request.getLength();
        return length < 0 ? maxBodyBytes : Math.min(length, maxBodyBytes);
    }
}
