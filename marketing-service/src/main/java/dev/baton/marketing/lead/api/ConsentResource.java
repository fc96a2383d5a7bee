package dev.baton.marketing.lead.api;

import dev.baton.marketing.lead.ConsentService;
import dev.baton.contract.ConsentChannel;
import dev.baton.marketing.lead.domain.Consents;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;
import java.util.UUID;

@Path("/leads/{leadId}/consent")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "consent", description = "Consent per channel, demonstrable (source and time of every change)")
public class ConsentResource {

    private final ConsentService consents;
    private final Caller caller;

    public ConsentResource(ConsentService consents, Caller caller) {
        this.consents = consents;
        this.caller = caller;
    }

    /** The consent of a lead: the current state per channel and every change. */
    public record ConsentView(UUID leadId, boolean consentToContact, Map<ConsentChannel, Consents.State> channels,
            List<Consents.Change> history) {
    }

    @PUT
    @RolesAllowed({Roles.MARKETER, Roles.INTEGRATION})
    @Operation(operationId = "changeConsent",
            summary = "Grant or withdraw consent on a channel", description = "200. A withdrawal stops every send at "
            + "once and is published (consent-changed) so that sales stops too; it is allowed whoever owns the lead. "
            + "409 consent-withdrawn when granting a channel the person withdrew: a withdrawal wins over any later "
            + "conversion, merge or user; only the person's own confirmed action may undo it. On a lead merged into "
            + "another, the change applies to that one (the answer names it).")
    public Uni<ConsentView> change(@PathParam("leadId") String leadId, @Valid @NotNull ConsentRequest request) {
        UUID id = ProblemException.idOrNotFound("lead", leadId);
        return consents.change(id, request.channel(), request.granted(), request.source(), caller.actor())
                .map(consent -> view(id, leadId, consent));
    }

    @GET
    @RolesAllowed({Roles.MARKETER, Roles.INTEGRATION, Roles.OPS})
    @Operation(operationId = "getConsent",
            summary = "The consent of a lead per channel, and every change with its source and time")
    public Uni<ConsentView> get(@PathParam("leadId") String leadId) {
        UUID id = ProblemException.idOrNotFound("lead", leadId);
        return consents.get(id).map(consent -> view(id, leadId, consent));
    }

    /** The view of a lead's consent; 404 (naming the lead as given) when there is no such lead. */
    private static ConsentView view(UUID id, String leadId, ConsentService.ConsentRecord consent) {
        if (consent == null) {
            throw ProblemException.notFound("lead", leadId);
        }
        return new ConsentView(consent.leadId(), Consents.contactable(consent.current()), consent.current(),
                consent.history());
    }
}
