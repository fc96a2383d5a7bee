package dev.baton.marketing.lead.api;

import dev.baton.marketing.lead.ErasureService;
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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A person's erasure (right to be forgotten), asked by the privacy officer; marketing owns identity, so it leads. */
@Path("/privacy/erasures")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "privacy", description = "Erasure of a person's data across the three services")
public class ErasureResource {

    private final ErasureService erasures;
    private final Caller caller;

    public ErasureResource(ErasureService erasures, Caller caller) {
        this.erasures = erasures;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPS})
    @Operation(operationId = "requestErasure", summary = "Erase a person, named by a lead id or an email",
            description = "202 with the erasure: marketing erased the profile, visitor ids, engagement, notes and the "
                    + "consent proofs' client data of every lead of the person (merged ones too) and published erased; "
                    + "handoff and sales erase theirs and confirm, and the erasure is COMPLETED once both did. Ids, "
                    + "stages, times, owners and reason codes stay, so the figures do not change; the erased lead "
                    + "answers 404 and the same email later converts only as a new lead. 400 unless exactly one of "
                    + "leadId and email; 404 for an unknown person; 409 already-erased (with its erasureId).")
    public Uni<Response> request(@Valid @NotNull ErasureRequest request) {
        if ((request.leadId() == null) == (request.email() == null)) {
            throw ProblemException.badRequest("one-person", "give exactly one of leadId and email");
        }
        return erasures.request(request.leadId(), request.email(), caller.actor())
                .map(erasure -> Response.accepted(ErasureView.of(erasure)).build());
    }

    @GET
    @Path("/{erasureId}")
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPS})
    @Operation(operationId = "getErasure", summary = "Where an erasure stands, per service",
            description = "200 with each service's state (marketing ERASED; handoff and sales PENDING, then CONFIRMED) "
                    + "and COMPLETED once all confirmed; 404 for an unknown erasure.")
    public Uni<ErasureView> get(@PathParam("erasureId") String erasureId) {
        var id = ProblemException.idOrNotFound("erasure", erasureId);
        return erasures.find(id).map(erasure -> {
            if (erasure == null) {
                throw ProblemException.notFound("erasure", erasureId);
            }
            return ErasureView.of(erasure);
        });
    }
}
