package dev.baton.sales.activity.api;

import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import dev.baton.sales.activity.ActivityService;
import dev.baton.sales.activity.domain.Activity;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The activities of an opportunity: a sub-resource of {@code /opportunities}, owned by the activity feature. */
@Path("/opportunities/{opportunityId}/activities")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "opportunities", description = "Handed-off leads in the sales pipeline")
public class OpportunityActivityResource {

    private final ActivityService activities;
    private final Caller caller;

    public OpportunityActivityResource(ActivityService activities, Caller caller) {
        this.activities = activities;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER})
    @Operation(operationId = "logActivity", summary = "Record a call, email, meeting, appointment, proposal or task",
            description = "201. MEETING and APPOINTMENT need startsAt and endsAt (end after start); PROPOSAL needs a "
                    + "non-negative amount (it becomes the opportunity's value); TASK needs a subject and dueAt. A field "
                    + "that does not apply to the type is refused (422), an unknown type is 400. 409 when the "
                    + "opportunity is not open or sales does not own the lead.")
    public Uni<Response> logActivity(@PathParam("opportunityId") String opportunityId,
            @Valid @NotNull ActivityRequest request) {
        return activities.log(ProblemException.idOrNotFound("opportunity", opportunityId), request.draft(), caller)
                .map(a -> Response.status(201).entity(a).build());
    }

    @GET
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER, Roles.OPS})
    @Operation(operationId = "listActivities", summary = "The activities of an opportunity, oldest first")
    public Uni<List<Activity>> activities(@PathParam("opportunityId") String opportunityId) {
        return activities.list(ProblemException.idOrNotFound("opportunity", opportunityId), caller);
    }

    @POST
    @Path("{activityId}/complete")
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER})
    @Operation(operationId = "completeActivity",
            summary = "Mark a task done", description = "200 (again: no change); 409 for anything but a TASK.")
    public Uni<Activity> complete(@PathParam("opportunityId") String opportunityId,
            @PathParam("activityId") String activityId) {
        return activities.complete(ProblemException.idOrNotFound("opportunity", opportunityId),
                ProblemException.idOrNotFound("activity", activityId), caller);
    }
}
