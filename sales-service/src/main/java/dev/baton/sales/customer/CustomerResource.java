package dev.baton.sales.customer;

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

import java.util.UUID;

@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "customers", description = "Won leads and sales retention")
public class CustomerResource {

    private final CustomerService service;
    private final Caller caller;

    public CustomerResource(CustomerService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Path("{leadId}/retention")
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER})
    @Operation(summary = "Record a check-in, renewal or repeat purchase", description = "201; the first one moves a "
            + "WON customer to RETAINED (publishes retained). 409 when the lead is not a WON customer.")
    public Uni<Response> retain(@PathParam("leadId") String leadId, @Valid @NotNull RetentionRequest request) {
        UUID id;
        try {
            id = UUID.fromString(leadId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("customer", leadId.length() > 64 ? leadId.substring(0, 64) : leadId);
        }
        return service.retain(id, request.kind(), request.notes(), caller)
                .map(r -> Response.status(201).entity(r).build());
    }
}
