package dev.baton.sales.activity.api;

import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import dev.baton.sales.activity.ActivityService;
import dev.baton.sales.activity.domain.NextStep;
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

/** The next step of each open opportunity: planned activities, so the activity feature's (under {@code /opportunities}). */
@Path("/opportunities/next-steps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "opportunities", description = "Handed-off leads in the sales pipeline")
public class NextStepResource {

    private final ActivityService activities;
    private final Caller caller;

    public NextStepResource(ActivityService activities, Caller caller) {
        this.activities = activities;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER, Roles.OPS})
    @Operation(operationId = "listNextSteps", summary = "The next step of every open opportunity the caller may see",
            description = "The earliest open task (overdue ones included, flagged) or meeting/appointment that has not "
                    + "ended; nextStep null (listed first) when nothing is planned. repId narrows it to one rep "
                    + "(403 when the caller may not see that rep's work).")
    public Uni<List<NextStep>> nextSteps(@QueryParam("repId") String repId) {
        return activities.nextSteps(caller, repId);
    }
}
