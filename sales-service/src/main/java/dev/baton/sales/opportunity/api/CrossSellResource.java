package dev.baton.sales.opportunity.api;

import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import dev.baton.sales.opportunity.OpportunityService;
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

/** A cross-sell is an opportunity on a customer: it lives with the opportunities, under the customer's path. */
@Path("/customers/{leadId}/opportunities")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "customers", description = "Won leads and sales retention: check-ins, renewals, repeat purchases, cross-sell, churn")
public class CrossSellResource {

    private final OpportunityService service;
    private final Caller caller;

    public CrossSellResource(OpportunityService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER})
    @Operation(operationId = "openCrossSellOpportunity",
            summary = "Open a cross-sell opportunity on an existing customer", description = "201 with an OPEN "
            + "opportunity (kind CROSS_SELL) for the customer's rep; closed WON, it is a repeat purchase (RETAINED). "
            + "409 when the lead is not a customer or has churned.")
    public Uni<Response> crossSell(@PathParam("leadId") String leadId, @Valid @NotNull CrossSellRequest request) {
        return service.crossSell(ProblemException.idOrNotFound("customer", leadId), request.title(), request.amount(),
                        request.expectedCloseDate(), caller)
                .map(o -> Response.status(201).entity(OpportunityResponse.of(o)).build());
    }
}
