package dev.baton.handoff.ownership;

import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Roles;
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

    public OwnershipResource(Pool pool, OwnershipRepository registry) {
        this.pool = pool;
        this.registry = registry;
    }

    @GET
    @Path("{leadId}")
    @Operation(summary = "The current owner (MARKETING or SALES), rep, handoff status and SLA due time of a lead")
    public Uni<OwnershipResponse> get(@PathParam("leadId") String leadId) {
        return registry.find(pool, parse(leadId)).map(ownership -> {
            if (ownership == null) {
                throw ProblemException.notFound("lead", leadId);
            }
            return OwnershipResponse.of(ownership);
        });
    }

    @GET
    @Path("{leadId}/history")
    @Operation(summary = "Every ownership change of a lead, and every refused response, with actor, reason and time")
    public Uni<List<OwnershipRepository.HistoryEntry>> history(@PathParam("leadId") String leadId) {
        UUID id = parse(leadId);
        return registry.history(pool, id).map(entries -> {
            if (entries.isEmpty()) {
                throw ProblemException.notFound("lead", leadId);
            }
            return entries;
        });
    }

    private static UUID parse(String leadId) {
        try {
            return UUID.fromString(leadId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("lead", leadId.length() > 64 ? leadId.substring(0, 64) : leadId);
        }
    }
}
