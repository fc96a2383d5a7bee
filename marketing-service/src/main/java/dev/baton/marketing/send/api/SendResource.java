package dev.baton.marketing.send.api;

import dev.baton.marketing.lead.api.BoundaryProblems;
import dev.baton.marketing.send.SendService;

import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
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


@Path("/leads/{leadId}/sends")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "sends", description = "Nurture and retention sends, within the boundary")
public class SendResource {

    private final SendService service;
    private final Caller caller;

    public SendResource(SendService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({Roles.MARKETER, Roles.INTEGRATION})
    @Operation(operationId = "recordSend",
            summary = "Send a nurture, follow-up or retention newsletter", description = "202 once recorded and "
            + "queued for publication. 409 when the boundary forbids it: sales owns the lead (a marketing-send-blocked "
            + "event is recorded), no consent on the channel, or a retention newsletter to someone who is not a customer.")
    public Uni<Response> send(@PathParam("leadId") String leadId, @Valid @NotNull SendRequest request) {
        return service.send(ProblemException.idOrNotFound("lead", leadId), request.kind(), request.channel(),
                        request.campaignId(), caller.actor())
                .map(BoundaryProblems::orConflict)
                .map(sent -> Response.accepted(SendResponse.of(sent)).build());
    }
}
