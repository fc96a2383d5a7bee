package dev.baton.handoff.assignment.api;

import dev.baton.handoff.assignment.RepAssignmentService;
import dev.baton.handoff.assignment.domain.RepView;
import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import dev.baton.platform.security.TeamConfig;
import dev.baton.platform.security.TeamDirectory;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * The rep directory as the assignment sees it. Read-only: the directory is configuration ({@code baton.team.*}, the
 * ConfigMap shared with sales); this shows its effect (availability, capacity, open handoffs).
 */
@Path("/reps")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.SALES_MANAGER, Roles.OPS, Roles.INTEGRATION})
@Tag(name = "reps", description = "The reps leads are assigned to, with their open handoffs")
public class RepResource {

    private final RepAssignmentService assignment;
    private final TeamDirectory team;
    private final Caller caller;

    public RepResource(RepAssignmentService assignment, TeamDirectory team, Caller caller) {
        this.assignment = assignment;
        this.team = team;
        this.caller = caller;
    }

    @GET
    @Operation(operationId = "listReps",
            summary = "Every rep with team, availability, territories, capacity and open handoffs",
            description = "A manager sees the reps of their own team; ops and integrations see all.")
    public Uni<List<RepView>> list() {
        String managedTeam = null;
        if (!caller.hasRole(Roles.OPS) && !caller.hasRole(Roles.INTEGRATION)) {
            TeamConfig.Manager manager = team.config().managers().get(caller.id());
            managedTeam = manager == null ? "" : manager.team();
        }
        String only = managedTeam;
        return assignment.directory()
                .map(reps -> reps.stream().filter(r -> only == null || only.equals(r.teamId())).toList());
    }
}
