package dev.baton.marketing.campaign.api;

import dev.baton.marketing.campaign.CampaignService;
import dev.baton.marketing.campaign.domain.Campaign;
import dev.baton.marketing.campaign.domain.Utm;
import dev.baton.platform.problem.ProblemException;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/campaigns")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "campaigns", description = "Campaigns, their channel and UTM parameters")
public class CampaignResource {

    private final CampaignService campaigns;

    public CampaignResource(CampaignService campaigns) {
        this.campaigns = campaigns;
    }

    @POST
    @RolesAllowed(Roles.MARKETER)
    @Operation(operationId = "createCampaign",
            summary = "Create a campaign",
            description = "201; 409 when an active campaign has the same UTM parameters")
    public Uni<Response> create(@Valid @NotNull CampaignRequest request) {
        return campaigns.create(request.name(), request.channel(),
                        new Utm(request.utmSource(), request.utmMedium(), request.utmCampaign()))
                .map(c -> Response.status(201).entity(c).build());
    }

    @GET
    @RolesAllowed({Roles.MARKETER, Roles.OPS, Roles.INTEGRATION})
    @Operation(operationId = "listCampaigns",
            summary = "The campaigns (500 newest), optionally only ACTIVE or ARCHIVED ones")
    public Uni<List<Campaign>> list(@QueryParam("status") String status) {
        if (status != null && !status.equals("ACTIVE") && !status.equals("ARCHIVED")) {
            throw ProblemException.badRequest("bad-status", "status must be ACTIVE or ARCHIVED");
        }
        return campaigns.list(status);
    }

    @POST
    @Path("{campaignId}/archive")
    @RolesAllowed(Roles.MARKETER)
    @Operation(operationId = "archiveCampaign",
            summary = "Archive a campaign: it keeps its attributions but takes no new ones")
    public Uni<Campaign> archive(@PathParam("campaignId") String campaignId) {
        return campaigns.archive(ProblemException.idOrNotFound("campaign", campaignId));
    }
}
