package dev.baton.marketing.engagement.api;

import dev.baton.marketing.engagement.EngagementService;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Sheds engagement before its body is read or parsed when ingestion is already behind (429, see
 * {@link dev.baton.platform.admission.Admission}): under overload a refusal must cost far less than an acceptance.
 */
public class IngestionAdmissionFilter {

    private final EngagementService service;

    public IngestionAdmissionFilter(EngagementService service) {
        this.service = service;
    }

    @ServerRequestFilter
    public void refuseIfBehind(ContainerRequestContext request) {
        if (HttpMethod.POST.equals(request.getMethod()) && request.getUriInfo().getPath().startsWith("/engagements")) {
            service.refuseIfBehind();
        }
    }
}
