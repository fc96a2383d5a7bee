package dev.baton.marketing.engagement.api;

import dev.baton.marketing.engagement.EngagementService;
import dev.baton.marketing.engagement.domain.EngagementResult;
import dev.baton.marketing.engagement.domain.EngagementRules;

import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/engagements")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.MARKETER, Roles.INTEGRATION})
@Tag(name = "engagement", description = "What visitors and leads do, recorded once per eventId")
public class EngagementResource {

    /** Most events in one batch call. */
    public static final int MAX_BATCH = 1_000;

    private final EngagementService service;
    private final Caller caller;

    public EngagementResource(EngagementService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Operation(operationId = "recordEngagement",
            summary = "Record one engagement event", description = "202 once durably recorded; the same eventId "
            + "again is 202 and counted once. 400 for an unknown type or without visitorId and leadId; 413 when the "
            + "properties serialize to more than 16,384 bytes (baton.marketing.ingestion.max-properties-bytes); "
            + "429 with Retry-After, nothing recorded, while ingestion is behind or leads are moving late "
            + "(admission control).")
    public Uni<Response> recordOne(@Valid @NotNull EngagementRequest request) {
        return service.recordOne(request.event(), caller.actor()).map(result -> {
            if ("REJECTED".equals(result.status())) {
                if (result.error().startsWith(EngagementRules.PROPERTIES_TOO_LARGE)) {
                    throw new ProblemException(413, "properties-too-large", "Content too large", result.error())
                            .with("maxBytes", service.maxPropertiesBytes());
                }
                throw result.error().endsWith(EngagementRules.UNKNOWN_LEAD)
                        ? ProblemException.notFound("lead", request.leadId())
                        : ProblemException.badRequest("invalid-engagement", result.error());
            }
            return Response.accepted(result).build();
        });
    }

    @POST
    @Path("batch")
    @Operation(operationId = "recordEngagementBatch",
            summary = "Record up to 1,000 engagement events", description = "202 with a result per item "
            + "(RECORDED, DUPLICATE or REJECTED with the reason, e.g. properties too large); more than 1,000 items or "
            + "a body over 1 MiB, chunked or not: 413, nothing recorded; 429 with Retry-After, nothing recorded, while "
            + "ingestion is behind or leads are moving late (admission control).")
    public Uni<Response> recordBatch(@NotNull List<@Valid @NotNull EngagementRequest> requests) {
        if (requests.size() > MAX_BATCH) {
            throw new ProblemException(413, "batch-too-large", "Content too large",
                    "a batch holds at most " + MAX_BATCH + " events; this one has " + requests.size())
                    .with("maxItems", MAX_BATCH);
        }
        return service.record(requests.stream().map(EngagementRequest::event).toList(), caller.actor()).map(results -> Response.accepted(new BatchResult(results)).build());
    }

    /** The answer to a batch: one result per item, in the order sent. */
    public record BatchResult(List<EngagementResult> results) {
    }
}
