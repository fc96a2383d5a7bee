package dev.baton.platform.privacy;

import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * One service's part of a person's export, the same on every service; marketing-service, which owns identity, gathers
 * the parts of all the person's leads into one document ({@code GET /privacy/exports?leadId=|email=}).
 */
// The whole path on the class: marketing's GET /privacy/exports (the gathered document) is another class.
@Path("/privacy/exports/{leadId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "privacy", description = "A person's data: erasure and export")
public class PersonalDataResource {

    private final PersonalData personalData;

    public PersonalDataResource(PersonalData personalData) {
        this.personalData = personalData;
    }

    @GET
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPS})
    @Operation(operationId = "exportLeadPart", summary = "Everything this service holds about one lead, as stored",
            description = "200 {leadId, service, data}: data has one section per kind of record this service keeps "
                    + "(rows as stored, snake_case columns); a lead the service never had gives empty sections.")
    public Uni<PersonalDataExport> export(@PathParam("leadId") String leadId) {
        return personalData.export(ProblemException.idOrNotFound("lead", leadId));
    }
}
