package dev.baton.marketing.report;

import dev.baton.contract.Stage;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

@Path("/reports/funnel")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "reports", description = "The marketing funnel and attribution")
public class FunnelResource {

    /** The leads in the report: not merged away, filtered by campaign touch, conversion source and creation period. */
    private static final String LEADS = "SELECT lead_id, stage, highest_stage, outcome FROM lead WHERE merged_into IS NULL"
            + " AND ($1::uuid IS NULL OR EXISTS (SELECT 1 FROM conversion c WHERE c.lead_id = lead.lead_id AND c.campaign_id = $1)"
            + "   OR EXISTS (SELECT 1 FROM engagement e WHERE e.lead_id = lead.lead_id AND e.campaign_id = $1))"
            + " AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM conversion c WHERE c.lead_id = lead.lead_id AND c.source = $2))"
            + " AND ($3::timestamptz IS NULL OR created_at >= $3) AND ($4::timestamptz IS NULL OR created_at < $4)";
    private static final String TOUCHES = "SELECT lead_id, campaign_id, occurred_at AS at FROM conversion WHERE campaign_id IS NOT NULL"
            + " UNION ALL SELECT lead_id, campaign_id, occurred_at FROM engagement WHERE campaign_id IS NOT NULL AND lead_id IS NOT NULL";

    private final Pool pool;

    public FunnelResource(Pool pool) {
        this.pool = pool;
    }

    @GET
    @RolesAllowed({Roles.MARKETER, Roles.OPS, Roles.INTEGRATION})
    @Operation(summary = "Counts per stage, highest stage reached, stage-to-stage conversion rates, median time in "
            + "stage, and first/last-touch attribution of qualified and won leads; filter by campaign, source, period")
    public Uni<FunnelReport> funnel(@QueryParam("campaignId") String campaignId, @QueryParam("source") String source,
            @QueryParam("from") String from, @QueryParam("to") String to) {
        UUID campaign = campaignId == null ? null : uuid(campaignId);
        OffsetDateTime fromTime = time("from", from);
        OffsetDateTime toTime = time("to", to);
        Tuple filters = Tuple.of(campaign, source, fromTime, toTime);
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("campaignId", campaignId);
        echo.put("source", source);
        echo.put("from", from);
        echo.put("to", to);

        Uni<Map<String, long[]>> counts = pool.preparedQuery("WITH l AS (" + LEADS + ") SELECT s.stage,"
                        + " (SELECT count(*) FROM l WHERE l.stage = s.stage) AS current,"
                        + " (SELECT count(*) FROM l WHERE array_position(ARRAY['ANONYMOUS','KNOWN','QUALIFIED','CLOSED','RETAINED'],"
                        + "   l.highest_stage) >= array_position(ARRAY['ANONYMOUS','KNOWN','QUALIFIED','CLOSED','RETAINED'], s.stage)) AS reached"
                        + " FROM unnest(ARRAY['KNOWN','QUALIFIED','CLOSED','RETAINED']) AS s(stage)")
                .execute(filters)
                .map(rows -> {
                    Map<String, long[]> result = new LinkedHashMap<>();
                    rows.forEach(row -> result.put(row.getString("stage"),
                            new long[] {row.getLong("current"), row.getLong("reached")}));
                    return result;
                });
        Uni<Long> anonymous = pool.preparedQuery("SELECT count(*) AS n FROM visitor v WHERE v.lead_id IS NULL"
                        + " AND ($1::uuid IS NULL OR EXISTS (SELECT 1 FROM engagement e WHERE e.visitor_id = v.visitor_id AND e.campaign_id = $1))"
                        + " AND $2::text IS NULL"
                        + " AND ($3::timestamptz IS NULL OR first_seen_at >= $3) AND ($4::timestamptz IS NULL OR first_seen_at < $4)")
                .execute(filters).map(rows -> rows.iterator().next().getLong("n"));
        Uni<Map<String, Double>> medians = pool.preparedQuery("WITH l AS (" + LEADS + "), h AS (SELECT to_stage, occurred_at,"
                        + " lead(occurred_at) OVER (PARTITION BY lead_id ORDER BY seq) AS left_at FROM lead_stage_history"
                        + " WHERE lead_id IN (SELECT lead_id FROM l))"
                        + " SELECT to_stage, percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM left_at - occurred_at))"
                        + " AS median FROM h WHERE left_at IS NOT NULL GROUP BY to_stage")
                .execute(filters)
                .map(rows -> {
                    Map<String, Double> result = new TreeMap<>();
                    rows.forEach(row -> result.put(row.getString("to_stage"), row.getDouble("median")));
                    return result;
                });
        Uni<Map<String, Map<String, Map<String, Long>>>> attribution = attribution(filters);

        return Uni.combine().all().unis(counts, anonymous, medians, attribution).asTuple().map(all -> {
            Map<String, long[]> stageCounts = all.getItem1();
            long anonymousNow = all.getItem2();
            Map<String, FunnelReport.StageCount> stages = new LinkedHashMap<>();
            long leads = stageCounts.get("KNOWN")[1];
            stages.put(Stage.ANONYMOUS.name(), new FunnelReport.StageCount(anonymousNow, anonymousNow + leads));
            stageCounts.forEach((stage, c) -> stages.put(stage, new FunnelReport.StageCount(c[0], c[1])));
            Map<String, Double> rates = new LinkedHashMap<>();
            Stage[] order = Stage.values();
            for (int i = 0; i + 1 < order.length; i++) {
                long reached = stages.get(order[i].name()).reached();
                long next = stages.get(order[i + 1].name()).reached();
                rates.put(order[i] + "->" + order[i + 1], reached == 0 ? 0.0 : Math.round(next * 10_000.0 / reached) / 10_000.0);
            }
            return new FunnelReport(echo, stages, rates, all.getItem3(), all.getItem4());
        });
    }

    private Uni<Map<String, Map<String, Map<String, Long>>>> attribution(Tuple filters) {
        String milestones = "WITH l AS (" + LEADS + "), t AS (" + TOUCHES + "),"
                + " m AS (SELECT 'qualified' AS milestone, h.lead_id, min(h.occurred_at) AS at FROM lead_stage_history h"
                + "   WHERE h.to_stage = 'QUALIFIED' AND h.lead_id IN (SELECT lead_id FROM l) GROUP BY h.lead_id"
                + "   UNION ALL SELECT 'won', h.lead_id, min(h.occurred_at) FROM lead_stage_history h JOIN l ON l.lead_id = h.lead_id"
                + "   WHERE h.to_stage = 'CLOSED' AND l.outcome = 'WON' GROUP BY h.lead_id),"
                + " firsts AS (SELECT DISTINCT ON (m.milestone, m.lead_id) m.milestone, t.campaign_id FROM m"
                + "   LEFT JOIN t ON t.lead_id = m.lead_id AND t.at <= m.at ORDER BY m.milestone, m.lead_id, t.at ASC),"
                + " lasts AS (SELECT DISTINCT ON (m.milestone, m.lead_id) m.milestone, t.campaign_id FROM m"
                + "   LEFT JOIN t ON t.lead_id = m.lead_id AND t.at <= m.at ORDER BY m.milestone, m.lead_id, t.at DESC NULLS LAST)"
                + " SELECT 'firstTouch' AS model, milestone, campaign_id, count(*) AS n FROM firsts GROUP BY milestone, campaign_id"
                + " UNION ALL SELECT 'lastTouch', milestone, campaign_id, count(*) FROM lasts GROUP BY milestone, campaign_id";
        return pool.preparedQuery(milestones).execute(filters).map(rows -> {
            Map<String, Map<String, Map<String, Long>>> result = new TreeMap<>();
            for (String milestone : new String[] {"qualified", "won"}) {
                Map<String, Map<String, Long>> models = new TreeMap<>();
                models.put("firstTouch", new TreeMap<>());
                models.put("lastTouch", new TreeMap<>());
                result.put(milestone, models);
            }
            rows.forEach(row -> {
                UUID campaignId = row.getUUID("campaign_id");
                result.get(row.getString("milestone")).get(row.getString("model"))
                        .merge(campaignId == null ? "none" : campaignId.toString(), row.getLong("n"), Long::sum);
            });
            return result;
        });
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("bad-campaign-id", "campaignId is not a campaign id");
        }
    }

    private static OffsetDateTime time(String name, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text).atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("bad-time", name + " must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
    }
}
