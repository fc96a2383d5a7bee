package dev.baton.sales.opportunity;

import dev.baton.contract.RejectReason;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import dev.baton.platform.security.TeamDirectory;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

@Path("/opportunities")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "opportunities", description = "Handed-off leads in the sales pipeline")
public class OpportunityResource {

    private final OpportunityService service;
    private final OpportunityRepository opportunities;
    private final TeamDirectory team;
    private final Pool pool;
    private final Caller caller;

    public OpportunityResource(OpportunityService service, OpportunityRepository opportunities, TeamDirectory team,
            Pool pool, Caller caller) {
        this.service = service;
        this.opportunities = opportunities;
        this.team = team;
        this.pool = pool;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER, Roles.OPS})
    @Operation(summary = "The opportunities of a handed-off lead that the caller may see")
    public Uni<List<OpportunityResponse>> forLead(@QueryParam("leadId") String leadId) {
        if (leadId == null || leadId.isBlank()) {
            throw ProblemException.badRequest("missing-lead-id", "query parameter leadId is required");
        }
        UUID id = parseOrNotFound("lead", leadId);
        return opportunities.forLead(pool, id, team.visibleReps(caller))
                .map(list -> list.stream().map(OpportunityResponse::of).toList());
    }

    @GET
    @Path("{opportunityId}")
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER, Roles.OPS})
    @Operation(summary = "One opportunity; 403 when it is another rep's")
    public Uni<OpportunityResponse> get(@PathParam("opportunityId") String opportunityId) {
        return service.visible(parseOrNotFound("opportunity", opportunityId), caller).map(OpportunityResponse::of);
    }

    @POST
    @Path("{opportunityId}/accept")
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER})
    @Operation(summary = "Accept a handed-off lead", description = "202: the answer goes to the handoff service, which "
            + "confirms it (status OPEN). 403 for anyone but the assignee, their assistant or their manager.")
    public Uni<Response> accept(@PathParam("opportunityId") String opportunityId) {
        return service.respond(parseOrNotFound("opportunity", opportunityId), "ACCEPT", null, caller)
                .map(o -> Response.accepted(OpportunityResponse.of(o)).build());
    }

    @POST
    @Path("{opportunityId}/reject")
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER})
    @Operation(summary = "Reject a handed-off lead with a reason code", description = "202; the lead goes back to "
            + "marketing (KNOWN). 422 for an unknown reason code.")
    public Uni<Response> reject(@PathParam("opportunityId") String opportunityId,
            @Valid @NotNull RejectRequest request) {
        RejectReason reason = Arrays.stream(RejectReason.values()).filter(r -> r.name().equals(request.reason()))
                .findFirst().orElseThrow(() -> ProblemException.unprocessable("unknown-reason",
                        "unknown reason code '" + request.reason() + "'")
                        .with("allowed", Arrays.stream(RejectReason.values()).map(Enum::name).toList()));
        return service.respond(parseOrNotFound("opportunity", opportunityId), "REJECT", reason, caller)
                .map(o -> Response.accepted(OpportunityResponse.of(o)).build());
    }

    @POST
    @Path("{opportunityId}/close")
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER})
    @Operation(summary = "Close an accepted opportunity as WON or LOST", description = "200; publishes closed. "
            + "409 when it is not open or already closed.")
    public Uni<OpportunityResponse> close(@PathParam("opportunityId") String opportunityId,
            @Valid @NotNull CloseRequest request) {
        return service.close(parseOrNotFound("opportunity", opportunityId),
                request.outcome() == CloseRequest.Outcome.WON, request.amount(), request.reason(), caller)
                .map(OpportunityResponse::of);
    }

    static UUID parseOrNotFound(String what, String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound(what, id.length() > 64 ? id.substring(0, 64) : id);
        }
    }
}
