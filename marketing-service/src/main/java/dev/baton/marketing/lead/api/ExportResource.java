package dev.baton.marketing.lead.api;

import dev.baton.marketing.lead.ExportService;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A person's export (right of access), gathered by marketing-service, which owns identity. */
@Path("/privacy/exports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "privacy", description = "A person's data: erasure and export")
public class ExportResource {

    private final ExportService exports;

    public ExportResource(ExportService exports) {
        this.exports = exports;
    }

    @GET
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPS})
    @Operation(operationId = "exportPerson", summary = "Everything Baton holds about a person, in one document",
            description = "200 {exportedAt, leadIds, marketing, handoff, sales}: every lead of the person (merged ones "
                    + "too). marketing has the sections leads (profile), visitors, engagement, conversions, consents, "
                    + "consentHistory (with each proof: purpose, text version, client address and user agent), "
                    + "consentConfirmations, sends, notes, merges and stages; handoff one {leadId, service, data: "
                    + "{ownership, history}} per lead; sales one {leadId, service, data: {lead, opportunities (with "
                    + "stage_changes and activities), customer, retention, referrals}} per lead. Rows as stored "
                    + "(snake_case columns). 400 unless exactly one of leadId and email; 404 for nobody or an erased "
                    + "person; 503 export-incomplete when handoff or sales does not answer (no partial export).")
    public Uni<JsonObject> export(@QueryParam("leadId") String leadId, @QueryParam("email") @Size(max = 320) String email,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if ((leadId == null) == (email == null)) {
            throw ProblemException.badRequest("one-person", "give exactly one of leadId and email");
        }
        return exports.exportPerson(leadId == null ? null : ProblemException.idOrNotFound("lead", leadId), email,
                authorization);
    }
}
