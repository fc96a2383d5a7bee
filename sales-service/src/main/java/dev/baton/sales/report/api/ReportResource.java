package dev.baton.sales.report.api;

import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import dev.baton.sales.report.ReportService;
import dev.baton.sales.report.domain.PipelineReport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

@Path("/reports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "reports", description = "Sales reports for managers and ops")
public class ReportResource {

    private final ReportService reports;
    private final Caller caller;

    public ReportResource(ReportService reports, Caller caller) {
        this.reports = reports;
        this.caller = caller;
    }

    @GET
    @Path("pipeline")
    @RolesAllowed({Roles.SALES_MANAGER, Roles.OPS})
    @Operation(operationId = "getPipelineReport",
            summary = "Pipeline value by stage, win rate, average cycle time, activities and SLA compliance per rep",
            description = "A manager sees their own team, ops everything. from/to (YYYY-MM-DD, inclusive, UTC) bound "
                    + "the closes, activities and handoffs counted; the pipeline by stage is always the current one.")
    public Uni<PipelineReport> pipeline(@QueryParam("from") String from, @QueryParam("to") String to) {
        return reports.pipeline(caller, date("from", from), date("to", to));
    }

    private static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("bad-date", "query parameter " + name + " must be a date (YYYY-MM-DD)");
        }
    }
}
