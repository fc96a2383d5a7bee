package dev.baton.sales.report;

import dev.baton.platform.admission.Reads;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.sales.access.SalesAccess;
import dev.baton.sales.report.domain.PipelineFigures;
import dev.baton.sales.report.domain.PipelineReport;
import dev.baton.sales.report.persistence.ReportRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Pipeline value by stage, win rate, average cycle time, activities and SLA compliance per rep. */
@ApplicationScoped
public class ReportService {

    private final Reads reads;
    private final ReportRepository reports;
    private final SalesAccess access;

    public ReportService(Reads reads, ReportRepository reports, SalesAccess access) {
        this.reads = reads;
        this.reports = reports;
        this.access = access;
    }

    /** A manager's team (ops: everything) over [from, to] in UTC days, either bound optional; 422 when to is before from. */
    public Uni<PipelineReport> pipeline(Caller caller, LocalDate from, LocalDate to) {
        if (from != null && to != null && to.isBefore(from)) {
            throw ProblemException.unprocessable("bad-period", "'to' (" + to + ") is before 'from' (" + from + ")");
        }
        String teamId = access.reportScope(caller);
        OffsetDateTime start = from == null ? null : from.atStartOfDay().atOffset(ZoneOffset.UTC);
        OffsetDateTime end = to == null ? null : to.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        // generatedAt and the SLA cut-off stay to the millisecond, as they were (Timestamps.now() is to the microsecond).
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return reads.report(tx -> Uni.combine().all().unis(reports.openByStage(tx, teamId),
                        reports.outcomes(tx, teamId, start, end), reports.activities(tx, teamId, start, end),
                        reports.sla(tx, teamId, start, end, now))
                .with((stages, outcomes, activities, sla) -> new PipelineFigures(stages, outcomes, activities, sla)
                        .report(teamId, from, to, now, access.repsOf(teamId), access::teamOf)));
    }
}
