package dev.baton.handoff.handoffs.api;

import dev.baton.handoff.handoffs.ReassignmentService;
import dev.baton.handoff.ownership.api.OwnershipResponse;
import dev.baton.handoff.ownership.domain.Reassignment;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import dev.baton.platform.security.TeamDirectory;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

@Path("/ownership/{leadId}/reassign")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "ownership")
public class ReassignResource {

    private final ReassignmentService reassignments;
    private final TeamDirectory team;
    private final Caller caller;

    public ReassignResource(ReassignmentService reassignments, TeamDirectory team, Caller caller) {
        this.reassignments = reassignments;
        this.team = team;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({Roles.SALES_MANAGER, Roles.OPS})
    @Operation(operationId = "reassignLead",
            summary = "A manager (or ops) moves a lead sales is working on to another rep, with a reason",
            description = "202 with the new ownership: reassigned is published (policy MANUAL, the reason, the caller)"
                    + " and the new rep gets a fresh SLA and answers the handoff. A manager moves only leads of their"
                    + " team, to reps of their team (403). 422 for a rep the directory does not know; 409 when the lead"
                    + " is not handed off, accepted or escalated, or is assigned to that rep already; 404 for an"
                    + " unknown lead.")
    public Uni<Response> reassign(@PathParam("leadId") String leadId, @Valid @NotNull ReassignRequest request) {
        UUID id = ProblemException.idOrNotFound("lead", leadId);
        String repId = request.repId().strip();
        Reassignment reassignment = new Reassignment(repId, team.teamOf(repId), request.reason().strip())
                .requireKnownRep();
        return reassignments.reassign(id, reassignment, caller.actor(), current -> {
                    if (!caller.hasRole(Roles.OPS)) {
                        team.actorFor(caller, current.repId());
                        team.actorFor(caller, repId);
                    }
                })
                .map(moved -> {
                    if (moved == null) {
                        throw ProblemException.notFound("lead", leadId);
                    }
                    return Response.accepted(OwnershipResponse.of(moved)).build();
                });
    }
}
