package dev.baton.sales.work.api;

import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import dev.baton.sales.work.WorkService;
import dev.baton.sales.work.domain.Work;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/me/work")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "work", description = "A salesperson's day")
public class WorkResource {

    private final WorkService work;
    private final Caller caller;

    public WorkResource(WorkService work, Caller caller) {
        this.work = work;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER})
    @Operation(operationId = "getMyWork", summary = "What the caller's reps have to do now",
            description = "For a rep their own work, for an assistant their reps', for a manager their team's: "
                    + "handoffs waiting for an answer (SLA ending soonest first) and those whose SLA is at risk, open "
                    + "opportunities whose next step is overdue or due within a day, those with nothing planned, "
                    + "overdue follow-ups per rep, and customers whose yearly anniversary of the win is within 30 days. "
                    + "Each list holds at most 200 items.")
    public Uni<Work> work() {
        return work.of(caller);
    }
}
