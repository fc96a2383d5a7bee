package dev.baton.marketing.report.api;

import dev.baton.marketing.report.FunnelService;
import dev.baton.marketing.report.domain.FunnelFilter;
import dev.baton.marketing.report.domain.FunnelReport;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

@Path("/reports/funnel")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "reports", description = "The marketing funnel and attribution")
public class FunnelResource {

    private final FunnelService funnel;

    public FunnelResource(FunnelService funnel) {
        this.funnel = funnel;
    }

    @GET
    @RolesAllowed({Roles.MARKETER, Roles.OPS, Roles.INTEGRATION})
    @Operation(operationId = "getFunnelReport",
            summary = "Counts per stage, highest stage reached, stage-to-stage conversion rates, median time in "
            + "stage, and first/last-touch attribution of qualified and won leads; filter by campaign, source, period")
    public Uni<FunnelReport> funnel(@QueryParam("campaignId") String campaignId, @QueryParam("source") String source,
            @QueryParam("from") String from, @QueryParam("to") String to) {
        FunnelFilter filter = new FunnelFilter(campaignId == null ? null : uuid(campaignId), source, time("from", from),
                time("to", to));
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("campaignId", campaignId);
        echo.put("source", source);
        echo.put("from", from);
        echo.put("to", to);
        return funnel.report(filter, echo);
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("bad-campaign-id", "campaignId is not a campaign id");
        }
    }

    private static Instant time(String name, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("bad-time", name + " must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
    }
}
