package dev.baton.sales.referral.api;

import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import dev.baton.sales.referral.ReferralService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/referrals")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "referrals", description = "Customers' referrals: new leads attributed to the customer and the rep")
public class ReferralResource {

    private final ReferralService service;
    private final Caller caller;
    private final JsonWebToken token;

    public ReferralResource(ReferralService service, Caller caller, JsonWebToken token) {
        this.service = service;
        this.caller = caller;
        this.token = token;
    }

    @POST
    @RolesAllowed({Roles.SALES_REP, Roles.SALES_ASSISTANT, Roles.SALES_MANAGER})
    @Operation(operationId = "recordReferral",
            summary = "Record a customer's referral", description = "marketing-service (the owner of identity) "
            + "creates or finds the referred lead with the caller's own token; a referral is high intent, so with "
            + "consent it is qualified at once and handed to the customer's rep. 201 {leadId...} and referral-received "
            + "on the referrer's lead; 200 with the same leadId when this customer already referred that person. "
            + "403 for anyone but the customer's rep, their assistant or their manager; 409 when the referrer is not a "
            + "WON or RETAINED customer; 422 when marketing refuses the person or it is the referrer; 502/503 when "
            + "marketing fails. Nothing is recorded on a refusal.")
    public Uni<Response> refer(@Valid @NotNull ReferralRequest request) {
        // marketing checks the caller itself: forward their own token, never a service credential
        var person = new ReferralService.Referred(request.email(), request.name(), request.consent());
        return service.refer(request.referrerLeadId(), person, caller, "Bearer " + token.getRawToken())
                .map(r -> Response.status(r.created() ? 201 : 200).entity(new ReferralResponse(r.referral().referralId(),
                        r.referral().referredLeadId(), r.stage(), r.referral().referrerLeadId(), r.referral().repId(),
                        r.referral().actorId(), r.referral().createdAt())).build());
    }
}
