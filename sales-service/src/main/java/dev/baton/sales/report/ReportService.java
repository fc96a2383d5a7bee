package dev.baton.sales.report;

import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import dev.baton.platform.security.TeamConfig;
import dev.baton.platform.security.TeamDirectory;
import dev.baton.sales.activity.ActivityType;
import dev.baton.sales.opportunity.PipelineStage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Pipeline value by stage, win rate, average cycle time, activities and SLA compliance per rep. */
@ApplicationScoped
public class ReportService {

    private final Pool pool;
    private final TeamDirectory team;

    public ReportService(Pool pool, TeamDirectory team) {
        this.pool = pool;
        this.team = team;
    }

    public Uni<PipelineReport> pipeline(Caller caller, LocalDate from, LocalDate to) {
        if (from != null && to != null && to.isBefore(from)) {
            throw ProblemException.unprocessable("bad-period", "'to' (" + to + ") is before 'from' (" + from + ")");
        }
        String teamId = scope(caller);
        OffsetDateTime start = from == null ? null : from.atStartOfDay().atOffset(ZoneOffset.UTC);
        OffsetDateTime end = to == null ? null : to.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Tuple period = Tuple.of(teamId, start, end);

        Uni<List<Row>> pipeline = rows("SELECT pipeline_stage AS key, count(*) AS n, COALESCE(sum(amount), 0) AS amount"
                + " FROM opportunity WHERE status = 'OPEN' AND ($1::text IS NULL OR team_id = $1)"
                + " GROUP BY pipeline_stage", Tuple.of(teamId));
        Uni<List<Row>> closed = rows("SELECT rep_id, count(*) FILTER (WHERE status = 'WON') AS won,"
                + " count(*) FILTER (WHERE status = 'LOST') AS lost,"
                + " COALESCE(sum(amount) FILTER (WHERE status = 'WON'), 0) AS won_amount,"
                + " sum(extract(epoch FROM closed_at - created_at)) FILTER (WHERE status = 'WON') AS won_seconds"
                + " FROM opportunity WHERE status IN ('WON', 'LOST') AND ($1::text IS NULL OR team_id = $1)"
                + " AND ($2::timestamptz IS NULL OR closed_at >= $2) AND ($3::timestamptz IS NULL OR closed_at < $3)"
                + " GROUP BY rep_id", period);
        Uni<List<Row>> activities = rows("SELECT a.rep_id, a.type, count(*) AS n FROM activity a"
                + " JOIN opportunity o ON o.opportunity_id = a.opportunity_id WHERE ($1::text IS NULL OR o.team_id = $1)"
                + " AND ($2::timestamptz IS NULL OR a.created_at >= $2) AND ($3::timestamptz IS NULL OR a.created_at < $3)"
                + " GROUP BY a.rep_id, a.type", period);
        Uni<List<Row>> sla = rows("SELECT rep_id,"
                + " count(*) FILTER (WHERE responded_at IS NOT NULL AND responded_at <= sla_due_at"
                + "   AND status <> 'REASSIGNED') AS met,"
                + " count(*) FILTER (WHERE status = 'REASSIGNED' OR responded_at > sla_due_at"
                + "   OR (responded_at IS NULL AND sla_due_at < $4)) AS breached,"
                + " count(*) FILTER (WHERE status <> 'REASSIGNED' AND responded_at IS NULL AND sla_due_at >= $4) AS pending"
                + " FROM opportunity WHERE kind = 'NEW_BUSINESS' AND sla_due_at IS NOT NULL"
                + " AND ($1::text IS NULL OR team_id = $1)"
                + " AND ($2::timestamptz IS NULL OR created_at >= $2) AND ($3::timestamptz IS NULL OR created_at < $3)"
                + " GROUP BY rep_id", Tuple.of(teamId, start, end, now.atOffset(ZoneOffset.UTC)));

        return Uni.combine().all().unis(pipeline, closed, activities, sla).asTuple().map(all -> {
            Map<String, PipelineReport.StageValue> byStage = new LinkedHashMap<>();
            for (PipelineStage stage : PipelineStage.values()) {
                byStage.put(stage.name(), new PipelineReport.StageValue(stage.name(), 0, BigDecimal.ZERO.setScale(2)));
            }
            long openCount = 0;
            BigDecimal openAmount = BigDecimal.ZERO.setScale(2);
            for (Row row : all.getItem1()) {
                var value = new PipelineReport.StageValue(row.getString("key"), row.getLong("n"), row.getBigDecimal("amount"));
                byStage.put(value.stage(), value);
                openCount += value.count();
                openAmount = openAmount.add(value.amount());
            }

            TreeSet<String> reps = new TreeSet<>(teamReps(teamId));
            long won = 0;
            long lost = 0;
            BigDecimal wonAmount = BigDecimal.ZERO.setScale(2);
            double wonSeconds = 0;
            Map<String, long[]> outcomesByRep = new HashMap<>();
            for (Row row : all.getItem2()) {
                String rep = row.getString("rep_id");
                reps.add(rep);
                long repWon = row.getLong("won");
                long repLost = row.getLong("lost");
                outcomesByRep.put(rep, new long[] {repWon, repLost});
                won += repWon;
                lost += repLost;
                wonAmount = wonAmount.add(row.getBigDecimal("won_amount"));
                BigDecimal seconds = row.getBigDecimal("won_seconds");
                wonSeconds += seconds == null ? 0 : seconds.doubleValue();
            }
            Map<String, Map<String, Long>> activitiesByRep = new HashMap<>();
            for (Row row : all.getItem3()) {
                reps.add(row.getString("rep_id"));
                activitiesByRep.computeIfAbsent(row.getString("rep_id"), r -> new TreeMap<>())
                        .put(row.getString("type"), row.getLong("n"));
            }
            Map<String, long[]> slaByRep = new HashMap<>();
            for (Row row : all.getItem4()) {
                reps.add(row.getString("rep_id"));
                slaByRep.put(row.getString("rep_id"), new long[] {row.getLong("met"), row.getLong("breached"),
                        row.getLong("pending")});
            }

            List<PipelineReport.RepFigures> figures = new ArrayList<>();
            for (String rep : reps) {
                long[] outcome = outcomesByRep.getOrDefault(rep, new long[2]);
                Map<String, Long> perType = new LinkedHashMap<>();
                Map<String, Long> counted = activitiesByRep.getOrDefault(rep, Map.of());
                for (ActivityType type : ActivityType.values()) {
                    perType.put(type.name(), counted.getOrDefault(type.name(), 0L));
                }
                long[] s = slaByRep.getOrDefault(rep, new long[3]);
                figures.add(new PipelineReport.RepFigures(rep, team.teamOf(rep), outcome[0], outcome[1], perType,
                        perType.values().stream().mapToLong(Long::longValue).sum(),
                        new PipelineReport.Sla(s[0], s[1], s[2], ratio(s[0], s[0] + s[1]))));
            }
            Double cycleDays = won == 0 ? null : round(wonSeconds / won / 86400d, 4);
            return new PipelineReport(teamId == null ? "all" : teamId, from, to, now, List.copyOf(byStage.values()),
                    new PipelineReport.StageValue("OPEN", openCount, openAmount),
                    new PipelineReport.Outcomes(won, lost, ratio(won, won + lost), wonAmount, cycleDays),
                    List.copyOf(figures));
        });
    }

    /** null (everything) for ops; a manager's own team; 403 for a manager the directory does not know. */
    private String scope(Caller caller) {
        if (caller.hasRole(Roles.OPS)) {
            return null;
        }
        TeamConfig.Manager manager = team.config().managers().get(caller.id());
        if (manager == null) {
            throw ProblemException.forbidden("you lead no team in the sales team directory");
        }
        return manager.team();
    }

    private List<String> teamReps(String teamId) {
        return team.config().reps().entrySet().stream()
                .filter(rep -> teamId == null || teamId.equals(rep.getValue().team()))
                .map(Map.Entry::getKey).toList();
    }

    private Uni<List<Row>> rows(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            List<Row> list = new ArrayList<>();
            rows.forEach(list::add);
            return list;
        });
    }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : round((double) part / whole, 4);
    }

    private static double round(double value, int places) {
        return BigDecimal.valueOf(value).setScale(places, java.math.RoundingMode.HALF_UP).doubleValue();
    }
}
