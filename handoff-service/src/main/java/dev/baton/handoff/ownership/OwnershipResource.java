package dev.baton.handoff.ownership;

import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import dev.baton.platform.security.TeamDirectory;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

@Path("/ownership")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.MARKETER, Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER, Roles.OPS, Roles.INTEGRATION})
@Tag(name = "ownership", description = "Who may act on each lead, and every change of it")
public class OwnershipResource {

    private final Pool pool;
    private final OwnershipRepository registry;
    private final TeamDirectory team;
    private final Caller caller;

    public OwnershipResource(Pool pool, OwnershipRepository registry, TeamDirectory team, Caller caller) {
        this.pool = pool;
        this.registry = registry;
        this.team = team;
        this.caller = caller;
    }

    @GET
    @Path("{leadId}")
    @Operation(summary = "The current owner (MARKETING or SALES), rep, handoff status and SLA due time of a lead")
    public Uni<OwnershipResponse> get(@PathParam("leadId") String leadId) {
        return registry.find(pool, parse(leadId)).map(ownership -> {
            if (ownership == null) {
                throw ProblemException.notFound("lead", leadId);
            }
            checkAccess(ownership);
            return OwnershipResponse.of(ownership);
        });
    }

    @GET
    @Path("{leadId}/history")
    @Operation(summary = "Every ownership change of a lead, and every refused response, with actor, reason and time")
    public Uni<List<OwnershipRepository.HistoryEntry>> history(@PathParam("leadId") String leadId) {
        UUID id = parse(leadId);
        return registry.find(pool, id).flatMap(ownership -> {
            if (ownership == null) {
                throw ProblemException.notFound("lead", leadId);
            }
            checkAccess(ownership);
            return registry.history(pool, id);
        });
    }

    /**
     * Marketers, ops and integrations see every lead; sales people only the leads of the reps they may act for
     * (403 otherwise, as everywhere in Baton: 404 means the lead does not exist).
     */
    private void checkAccess(Ownership ownership) {
        if (caller.hasRole(Roles.OPS) || caller.hasRole(Roles.MARKETER) || caller.hasRole(Roles.INTEGRATION)) {
            return;
        }
        team.actorFor(caller, ownership.repId());
    }

    private static UUID parse(String leadId) {
        try {
            return UUID.fromString(leadId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("lead", leadId.length() > 64 ? leadId.substring(0, 64) : leadId);
        }
    }
}
