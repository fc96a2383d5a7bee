package dev.baton.sales.report.persistence;

import dev.baton.sales.report.domain.PipelineFigures;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Function;

import static dev.baton.platform.time.Timestamps.utc;

/** The sums behind the pipeline report, for a team (null: all) and a period [start, end) (null: unbounded). */
@ApplicationScoped
public class ReportRepository {

    /** Open opportunities per pipeline stage (a snapshot: not bound by the period). */
    public Uni<List<PipelineFigures.StageTotal>> openByStage(SqlClient client, String teamId) {
        return rows(client, "SELECT pipeline_stage AS key, count(*) AS n, COALESCE(sum(amount), 0) AS amount"
                        + " FROM opportunity WHERE status = 'OPEN' AND ($1::text IS NULL OR team_id = $1)"
                        + " GROUP BY pipeline_stage", Tuple.of(teamId),
                row -> new PipelineFigures.StageTotal(row.getString("key"), row.getLong("n"), row.getBigDecimal("amount")));
    }

    /** Opportunities closed in the period, per rep. */
    public Uni<List<PipelineFigures.RepOutcome>> outcomes(SqlClient client, String teamId, OffsetDateTime start,
            OffsetDateTime end) {
        return rows(client, "SELECT rep_id, count(*) FILTER (WHERE status = 'WON') AS won,"
                        + " count(*) FILTER (WHERE status = 'LOST') AS lost,"
                        + " COALESCE(sum(amount) FILTER (WHERE status = 'WON'), 0) AS won_amount,"
                        + " sum(extract(epoch FROM closed_at - created_at)) FILTER (WHERE status = 'WON') AS won_seconds"
                        + " FROM opportunity WHERE status IN ('WON', 'LOST') AND ($1::text IS NULL OR team_id = $1)"
                        + " AND ($2::timestamptz IS NULL OR closed_at >= $2) AND ($3::timestamptz IS NULL OR closed_at < $3)"
                        + " GROUP BY rep_id", Tuple.of(teamId, start, end),
                row -> new PipelineFigures.RepOutcome(row.getString("rep_id"), row.getLong("won"), row.getLong("lost"),
                        row.getBigDecimal("won_amount"), row.getBigDecimal("won_seconds")));
    }

    /** Activities recorded in the period, per rep and type. */
    public Uni<List<PipelineFigures.RepActivities>> activities(SqlClient client, String teamId, OffsetDateTime start,
            OffsetDateTime end) {
        return rows(client, "SELECT a.rep_id, a.type, count(*) AS n FROM activity a"
                        + " JOIN opportunity o ON o.opportunity_id = a.opportunity_id WHERE ($1::text IS NULL OR o.team_id = $1)"
                        + " AND ($2::timestamptz IS NULL OR a.created_at >= $2) AND ($3::timestamptz IS NULL OR a.created_at < $3)"
                        + " GROUP BY a.rep_id, a.type", Tuple.of(teamId, start, end),
                row -> new PipelineFigures.RepActivities(row.getString("rep_id"), row.getString("type"), row.getLong("n")));
    }

    /**
     * Handoffs of the period per rep against their SLA at {@code now}: met (answered in time), breached (late,
     * reassigned, or unanswered past due), pending (unanswered, still in time).
     */
    public Uni<List<PipelineFigures.RepSla>> sla(SqlClient client, String teamId, OffsetDateTime start,
            OffsetDateTime end, Instant now) {
        return rows(client, "SELECT rep_id,"
                        + " count(*) FILTER (WHERE responded_at IS NOT NULL AND responded_at <= sla_due_at"
                        + "   AND status <> 'REASSIGNED') AS met,"
                        + " count(*) FILTER (WHERE status = 'REASSIGNED' OR responded_at > sla_due_at"
                        + "   OR (responded_at IS NULL AND sla_due_at < $4)) AS breached,"
                        + " count(*) FILTER (WHERE status <> 'REASSIGNED' AND responded_at IS NULL AND sla_due_at >= $4) AS pending"
                        + " FROM opportunity WHERE kind = 'NEW_BUSINESS' AND sla_due_at IS NOT NULL"
                        + " AND ($1::text IS NULL OR team_id = $1)"
                        + " AND ($2::timestamptz IS NULL OR created_at >= $2) AND ($3::timestamptz IS NULL OR created_at < $3)"
                        + " GROUP BY rep_id", Tuple.of(teamId, start, end, utc(now)),
                row -> new PipelineFigures.RepSla(row.getString("rep_id"), row.getLong("met"), row.getLong("breached"),
                        row.getLong("pending")));
    }

    private static <T> Uni<List<T>> rows(SqlClient client, String sql, Tuple args, Function<Row, T> map) {
        return client.preparedQuery(sql).execute(args).map(rows -> rows.stream().map(map).toList());
    }
}
