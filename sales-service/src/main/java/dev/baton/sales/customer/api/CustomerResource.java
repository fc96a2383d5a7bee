package dev.baton.sales.customer.api;

import dev.baton.contract.Stage;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import dev.baton.sales.customer.CustomerService;
import dev.baton.sales.customer.domain.Customer;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/** Customer accounts: retention and churn. Cross-sell opportunities on a customer are the opportunity feature's. */
@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "customers", description = "Won leads and sales retention: check-ins, renewals, repeat purchases, cross-sell, churn")
public class CustomerResource {

    private final CustomerService service;
    private final Caller caller;

    public CustomerResource(CustomerService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Path("{leadId}")
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER, Roles.OPS})
    @Operation(operationId = "getCustomer", summary = "A customer account with its retention history and referrals",
            description = "404 when the lead is not a customer; 403 when it is another rep's.")
    public Uni<Customer> get(@PathParam("leadId") String leadId) {
        return service.visible(ProblemException.idOrNotFound("customer", leadId), caller);
    }

    @POST
    @Path("{leadId}/retention")
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER})
    @Operation(operationId = "recordRetention",
            summary = "Record a check-in, renewal or repeat purchase", description = "201; the first one moves a "
            + "WON customer to RETAINED (publishes retained). 409 when the lead is not a WON customer or has churned.")
    public Uni<Response> retain(@PathParam("leadId") String leadId, @Valid @NotNull RetentionRequest request) {
        UUID id = ProblemException.idOrNotFound("customer", leadId);
        return service.retain(id, request.kind(), request.notes(), caller)
                .map(r -> Response.status(201).entity(new RetentionResponse(r.retentionId(), id, r.kind(),
                        Stage.RETAINED, r.repId(), r.actorId(), r.occurredAt())).build());
    }

    @POST
    @Path("{leadId}/churn")
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER})
    @Operation(operationId = "recordChurn",
            summary = "Record that a customer churned, with the reason", description = "200; publishes churned "
            + "(RETAINED or CLOSED to CLOSED, an explicit move back). 409 when the lead is not a customer or already "
            + "churned.")
    public Uni<Customer> churn(@PathParam("leadId") String leadId, @Valid @NotNull ChurnRequest request) {
        return service.churn(ProblemException.idOrNotFound("customer", leadId), request.reason(), caller);
    }
}
