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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
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

    /** The consent of a lead: the current state per channel, every change, and the grants waiting for the person. */
    public record ConsentView(UUID leadId, boolean consentToContact, Map<ConsentChannel, Consents.State> channels,
            List<Consents.Change> history, List<Pending> pending) {
    }

    /** A grant waiting for the person's confirmation: nothing is sent on its channel meanwhile. */
    public record Pending(ConsentChannel channel, String source, Instant requestedAt, Instant expiresAt) {
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
        return consents.change(id, request.channel(), request.granted(), request.source(), request.proof(),
                        caller.actor())
                .map(consent -> view(id, leadId, consent));
    }

    @POST
    @Path("/confirmations")
    @RolesAllowed(Roles.INTEGRATION)
    @Operation(operationId = "requestConsentConfirmation",
            summary = "Ask the person to confirm a grant (double opt-in)", description = "For the system that mails the "
            + "person and relays their click (integration), never a user: 201 with the token to send to the person; "
            + "nothing is granted until they confirm it (POST /consents/confirm) within its validity. This is the only "
            + "way back to a channel the person withdrew; a later withdrawal voids it. 409 consent-granted when the "
            + "channel is granted already. On a lead merged into another, it applies to that one.")
    public Uni<Response> requestConfirmation(@PathParam("leadId") String leadId,
            @Valid @NotNull ConfirmationRequest request) {
        UUID id = ProblemException.idOrNotFound("lead", leadId);
        return consents.requestConfirmation(id, request.channel(), request.source(), request.shown(), caller.actor())
                .map(requested -> {
                    if (requested == null) {
                        throw ProblemException.notFound("lead", leadId);
                    }
                    return Response.status(201).entity(ConfirmationResponse.of(requested)).build();
                });
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
        return view(consent);
    }

    static ConsentView view(ConsentService.ConsentRecord consent) {
        return new ConsentView(consent.leadId(), Consents.contactable(consent.current()), consent.current(),
                consent.history(), consent.pending().stream().map(p -> new Pending(p.channel(), p.source(),
                        p.requestedAt(), p.expiresAt())).toList());
    }
}
