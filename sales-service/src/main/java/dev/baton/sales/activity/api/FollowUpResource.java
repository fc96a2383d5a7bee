package dev.baton.sales.activity.api;

import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import dev.baton.sales.activity.ActivityService;
import dev.baton.sales.activity.domain.OverdueFollowUps;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/follow-ups")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "follow-ups", description = "Follow-ups the reps owe their leads")
public class FollowUpResource {

    private final ActivityService activities;
    private final Caller caller;

    public FollowUpResource(ActivityService activities, Caller caller) {
        this.activities = activities;
        this.caller = caller;
    }

    @GET
    @Path("overdue")
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER, Roles.OPS})
    @Operation(operationId = "listOverdueFollowUps",
            summary = "Overdue follow-ups, per rep", description = "Open tasks past their due date on open "
            + "opportunities, grouped per rep: a rep sees their own, an assistant their reps', a manager their team's, "
            + "ops all. repId narrows it to one rep (403 when the caller may not see that rep's work).")
    public Uni<List<OverdueFollowUps>> overdue(@QueryParam("repId") String repId) {
        return activities.overdue(caller, repId);
    }
}
