package dev.baton.sales.opportunity.api;

import dev.baton.contract.RejectReason;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import dev.baton.sales.opportunity.OpportunityService;
import dev.baton.sales.opportunity.domain.HandoffDecision;
import dev.baton.sales.opportunity.domain.StageChange;
import io.smallrye.mutiny.Uni;
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

import java.util.List;
import java.util.UUID;

@Path("/opportunities")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "opportunities", description = "Handed-off leads in the sales pipeline")
public class OpportunityResource {

    private final OpportunityService service;
    private final Caller caller;

    public OpportunityResource(OpportunityService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER, Roles.OPS})
    @Operation(operationId = "listOpportunitiesForLead",
            summary = "The opportunities of a handed-off lead that the caller may see")
    public Uni<List<OpportunityResponse>> forLead(@QueryParam("leadId") String leadId) {
        if (leadId == null || leadId.isBlank()) {
            throw ProblemException.badRequest("missing-lead-id", "query parameter leadId is required");
        }
        UUID id = ProblemException.idOrNotFound("lead", leadId);
        return service.forLead(id, caller).map(list -> list.stream().map(OpportunityResponse::of).toList());
    }

    @GET
    @Path("{opportunityId}")
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER, Roles.OPS})
    @Operation(operationId = "getOpportunity", summary = "One opportunity; 403 when it is another rep's")
    public Uni<OpportunityResponse> get(@PathParam("opportunityId") String opportunityId) {
        return service.read(ProblemException.idOrNotFound("opportunity", opportunityId), caller).map(OpportunityResponse::of);
    }

    @POST
    @Path("{opportunityId}/accept")
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER})
    @Operation(operationId = "acceptOpportunity",
            summary = "Accept a handed-off lead", description = "202: the answer goes to the handoff service, which "
            + "confirms it (status OPEN). 403 for anyone but the assignee, their assistant or their manager.")
    public Uni<Response> accept(@PathParam("opportunityId") String opportunityId) {
        return answer(opportunityId, HandoffDecision.ACCEPT, null);
    }

    @POST
    @Path("{opportunityId}/reject")
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER})
    @Operation(operationId = "rejectOpportunity",
            summary = "Reject a handed-off lead with a reason code", description = "202; the lead goes back to "
            + "marketing (KNOWN). 422 for an unknown reason code.")
    public Uni<Response> reject(@PathParam("opportunityId") String opportunityId,
            @Valid @NotNull RejectRequest request) {
        RejectReason reason = HandoffDecision.rejectReason(request.reason());
        return answer(opportunityId, HandoffDecision.REJECT, reason);
    }

    /** 202: the answer is on its way to the handoff service, which confirms it. */
    private Uni<Response> answer(String opportunityId, HandoffDecision decision, RejectReason reason) {
        return service.respond(ProblemException.idOrNotFound("opportunity", opportunityId), decision, reason, caller)
                .map(o -> Response.accepted(OpportunityResponse.of(o)).build());
    }

    @POST
    @Path("{opportunityId}/close")
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER})
    @Operation(operationId = "closeOpportunity",
            summary = "Close an accepted opportunity as WON or LOST", description = "200; publishes closed. "
            + "409 when it is not open or already closed.")
    public Uni<OpportunityResponse> close(@PathParam("opportunityId") String opportunityId,
            @Valid @NotNull CloseRequest request) {
        return service.close(ProblemException.idOrNotFound("opportunity", opportunityId),
                request.outcome() == CloseRequest.Outcome.WON, request.amount(), request.reason(), caller)
                .map(OpportunityResponse::of);
    }

    @POST
    @Path("{opportunityId}/stage")
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER})
    @Operation(operationId = "moveOpportunityStage", summary = "Move an open opportunity in the pipeline",
            description = "FOLLOW_UP, RELATIONSHIP, PROPOSAL, CLOSING; optional amount and expected close date. 200; "
                    + "the move is recorded (who, for which rep) and published on sales.pipeline.v1. A move back needs "
                    + "a reason (422). 409 when it is not open, already at that stage, or sales does not own the lead.")
    public Uni<OpportunityResponse> moveStage(@PathParam("opportunityId") String opportunityId,
            @Valid @NotNull StageChangeRequest request) {
        return service.moveStage(ProblemException.idOrNotFound("opportunity", opportunityId), request.stage(),
                        request.amount(), request.expectedCloseDate(), request.reason(), caller)
                .map(OpportunityResponse::of);
    }

    @GET
    @Path("{opportunityId}/stages")
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER, Roles.OPS})
    @Operation(operationId = "listOpportunityStageChanges",
            summary = "The recorded pipeline moves of an opportunity, ending with WON or LOST once closed")
    public Uni<List<StageChange>> stageChanges(@PathParam("opportunityId") String opportunityId) {
        return service.stageChanges(ProblemException.idOrNotFound("opportunity", opportunityId), caller);
    }
}
