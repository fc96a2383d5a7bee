package dev.baton.platform.outbox;

import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Ops only: the events the broker refused for good, and those held behind them; retry or discard. */
@Path("/ops/parked")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPS)
@Tag(name = "ops", description = "Operations")
public class ParkedEventsResource {

    private final ParkedEvents parked;
    private final OutboxRelay relay;

    public ParkedEventsResource(ParkedEvents parked, OutboxRelay relay) {
        this.parked = parked;
        this.relay = relay;
    }

    @GET
    @Operation(operationId = "listParkedEvents", summary = "Events set aside by the outbox relay, oldest first",
            description = "REFUSED: the broker will never take it as it is (too large, invalid); HELD: a later event of"
                    + " the same key, kept back so that the key's events stay in order. Payloads are not shown.")
    public Uni<List<ParkedEvents.Parked>> list(@QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw ProblemException.badRequest("invalid-limit", "limit must be between 1 and 1000");
        }
        return parked.list(limit);
    }

    @POST
    @Path("{id}/retry")
    @Operation(operationId = "retryParkedEvent", summary = "Publish the parked event's key again",
            description = "Every parked event of the same key goes back to the outbox, in order (a refused one that is"
                    + " still too large is parked again).")
    public Uni<Void> retry(@PathParam("id") long id) {
        return parked.retry(id).map(found -> settled(found, id));
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "discardParkedEvent", summary = "Drop a parked event for good",
            description = "Once its key has no refused event left, the events held behind it are published, in order.")
    public Uni<Void> discard(@PathParam("id") long id) {
        return parked.discard(id).map(found -> settled(found, id));
    }

    private Void settled(boolean found, long id) {
        if (!found) {
            throw ProblemException.notFound("parked event", Long.toString(id));
        }
        relay.wakeUp();
        return null;
    }
}
