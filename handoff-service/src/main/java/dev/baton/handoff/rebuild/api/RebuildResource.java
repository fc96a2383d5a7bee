package dev.baton.handoff.rebuild.api;

import dev.baton.handoff.rebuild.RebuildService;

import dev.baton.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Ops only: recompute the ownership registry from the lifecycle topic. */
@Path("/ops/registry")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPS)
@Tag(name = "ops", description = "Operations on the registry itself")
public class RebuildResource {

    private final RebuildService rebuild;

    public RebuildResource(RebuildService rebuild) {
        this.rebuild = rebuild;
    }

    @POST
    @Path("rebuild")
    @Operation(operationId = "rebuildRegistry", summary = "Rebuild the ownership registry from lead.lifecycle.v1 alone",
            description = "Replays the lifecycle topic from the beginning and reports every difference with the live"
                    + " registry. With apply=true, writes the rebuilt rows and ownership changes over the differing"
                    + " ones (leads whose live row is ahead of the replay are left alone); 409 while this service's"
                    + " own lifecycle events are not all published yet.")
    public Uni<RebuildService.RebuildReport> rebuild(@QueryParam("apply") boolean apply) {
        return rebuild.rebuild(apply);
    }
}
