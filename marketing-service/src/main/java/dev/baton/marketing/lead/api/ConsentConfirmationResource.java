package dev.baton.marketing.lead.api;

import dev.baton.marketing.lead.ConsentService;
import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The person's own confirmation of a grant (double opt-in), relayed by the system that received their click. */
@Path("/consents/confirm")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "consent")
public class ConsentConfirmationResource {

    private final ConsentService consents;
    private final Caller caller;

    public ConsentConfirmationResource(ConsentService consents, Caller caller) {
        this.consents = consents;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.INTEGRATION)
    @Operation(operationId = "confirmConsent",
            summary = "The person confirms a grant with their token", description = "Relayed by the system that received "
            + "the person's click (integration; no user may confirm for the person): 200 with the lead's consent, the "
            + "channel granted (even one the person withdrew: this is their own action) and consent-changed published. "
            + "The same token again: 200, nothing changes. 404 for a token never issued; 409 confirmation-expired past "
            + "its validity (7 days) or after a later withdrawal of the channel.")
    public Uni<ConsentResource.ConsentView> confirm(@Valid @NotNull ConfirmRequest request) {
        return consents.confirm(request.token(), request.clientIp(), request.userAgent(), caller.actor())
                .map(ConsentResource::view);
    }
}
