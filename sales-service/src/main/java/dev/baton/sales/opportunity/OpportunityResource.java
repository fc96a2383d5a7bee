package dev.baton.sales.opportunity;

import dev.baton.contract.RejectReason;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import dev.baton.platform.security.TeamDirectory;
import dev.baton.sales.activity.Activity;
import dev.baton.sales.activity.ActivityRequest;
import dev.baton.sales.activity.ActivityService;
import dev.baton.sales.activity.NextStep;
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
    private final ActivityService activities;
    private final OpportunityRepository opportunities;
    private final TeamDirectory team;
    private final Pool pool;
    private final Caller caller;

    public OpportunityResource(OpportunityService service, ActivityService activities,
            OpportunityRepository opportunities, TeamDirectory team, Pool pool, Caller caller) {
        this.service = service;
        this.activities = activities;
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
        UUID id = ProblemException.idOrNotFound("lead", leadId);
        return opportunities.forLead(pool, id, team.visibleReps(caller))
                .map(list -> list.stream().map(OpportunityResponse::of).toList());
    }

    @GET
    @Path("next-steps")
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER, Roles.OPS})
    @Operation(summary = "The next step of every open opportunity the caller may see",
            description = "The earliest open task (overdue ones included, flagged) or meeting/appointment that has not "
                    + "ended; nextStep null (listed first) when nothing is planned. repId narrows it to one rep "
                    + "(403 when the caller may not see that rep's work).")
    public Uni<List<NextStep>> nextSteps(@QueryParam("repId") String repId) {
        return activities.nextSteps(caller, repId);
    }

    @GET
    @Path("{opportunityId}")
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER, Roles.OPS})
    @Operation(summary = "One opportunity; 403 when it is another rep's")
    public Uni<OpportunityResponse> get(@PathParam("opportunityId") String opportunityId) {
        return service.visible(ProblemException.idOrNotFound("opportunity", opportunityId), caller).map(OpportunityResponse::of);
    }

    @POST
    @Path("{opportunityId}/accept")
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER})
    @Operation(summary = "Accept a handed-off lead", description = "202: the answer goes to the handoff service, which "
            + "confirms it (status OPEN). 403 for anyone but the assignee, their assistant or their manager.")
    public Uni<Response> accept(@PathParam("opportunityId") String opportunityId) {
        return service.respond(ProblemException.idOrNotFound("opportunity", opportunityId), "ACCEPT", null, caller)
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
        return service.respond(ProblemException.idOrNotFound("opportunity", opportunityId), "REJECT", reason, caller)
                .map(o -> Response.accepted(OpportunityResponse.of(o)).build());
    }

    @POST
    @Path("{opportunityId}/close")
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER})
    @Operation(summary = "Close an accepted opportunity as WON or LOST", description = "200; publishes closed. "
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
    @Operation(summary = "Move an open opportunity in the pipeline",
            description = "FOLLOW_UP, RELATIONSHIP, PROPOSAL, CLOSING; optional amount and expected close date. 200; "
                    + "the move is recorded (who, for which rep) and published on sales.pipeline.v1. A move back needs "
                    + "a reason (422). 409 when it is not open, already at that stage, or sales does not own the lead.")
    public Uni<OpportunityResponse> moveStage(@PathParam("opportunityId") String opportunityId,
            @Valid @NotNull StageChangeRequest request) {
        return service.moveStage(ProblemException.idOrNotFound("opportunity", opportunityId), request, caller)
                .map(OpportunityResponse::of);
    }

    @GET
    @Path("{opportunityId}/stages")
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER, Roles.OPS})
    @Operation(summary = "The recorded pipeline moves of an opportunity, ending with WON or LOST once closed")
    public Uni<List<StageChange>> stageChanges(@PathParam("opportunityId") String opportunityId) {
        return service.stageChanges(ProblemException.idOrNotFound("opportunity", opportunityId), caller);
    }

    @POST
    @Path("{opportunityId}/activities")
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER})
    @Operation(summary = "Record a call, email, meeting, appointment, proposal or task",
            description = "201. MEETING and APPOINTMENT need startsAt and endsAt (end after start); PROPOSAL needs a "
                    + "non-negative amount (it becomes the opportunity's value); TASK needs a subject and dueAt. A field "
                    + "that does not apply to the type is refused (422), an unknown type is 400. 409 when the "
                    + "opportunity is not open or sales does not own the lead.")
    public Uni<Response> logActivity(@PathParam("opportunityId") String opportunityId,
            @Valid @NotNull ActivityRequest request) {
        return activities.log(ProblemException.idOrNotFound("opportunity", opportunityId), request, caller)
                .map(a -> Response.status(201).entity(a).build());
    }

    @GET
    @Path("{opportunityId}/activities")
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER, Roles.OPS})
    @Operation(summary = "The activities of an opportunity, oldest first")
    public Uni<List<Activity>> activities(@PathParam("opportunityId") String opportunityId) {
        return activities.list(ProblemException.idOrNotFound("opportunity", opportunityId), caller);
    }

    @POST
    @Path("{opportunityId}/activities/{activityId}/complete")
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER})
    @Operation(summary = "Mark a task done", description = "200 (again: no change); 409 for anything but a TASK.")
    public Uni<Activity> complete(@PathParam("opportunityId") String opportunityId,
            @PathParam("activityId") String activityId) {
        return activities.complete(ProblemException.idOrNotFound("opportunity", opportunityId),
                ProblemException.idOrNotFound("activity", activityId), caller);
    }

}
