package dev.baton.marketing.report.persistence;

import dev.baton.marketing.report.domain.FunnelFilter;
import dev.baton.marketing.report.domain.FunnelReport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static dev.baton.platform.time.Timestamps.utc;

/** The funnel's queries: every one takes the filter as $1 campaign, $2 source, $3 from, $4 to. */
@ApplicationScoped
public class FunnelRepository {

    /** The leads in the report: not merged away, filtered by campaign touch, conversion source and creation period. */
    private static final String LEADS = "SELECT lead_id, stage, highest_stage, outcome FROM lead WHERE merged_into IS NULL"
            + " AND ($1::uuid IS NULL OR EXISTS (SELECT 1 FROM conversion c WHERE c.lead_id = lead.lead_id AND c.campaign_id = $1)"
            + "   OR EXISTS (SELECT 1 FROM engagement e WHERE e.lead_id = lead.lead_id AND e.campaign_id = $1))"
            + " AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM conversion c WHERE c.lead_id = lead.lead_id AND c.source = $2))"
            + " AND ($3::timestamptz IS NULL OR created_at >= $3) AND ($4::timestamptz IS NULL OR created_at < $4)";
    private static final String TOUCHES = "SELECT lead_id, campaign_id, occurred_at AS at FROM conversion WHERE campaign_id IS NOT NULL"
            + " UNION ALL SELECT lead_id, campaign_id, occurred_at FROM engagement WHERE campaign_id IS NOT NULL AND lead_id IS NOT NULL";

    /** Per stage from KNOWN on, in stage order: the leads in it now, and those that ever reached it. */
    public Uni<Map<String, FunnelReport.StageCount>> leadStages(SqlClient client, FunnelFilter filter) {
        return client.preparedQuery("WITH l AS (" + LEADS + ") SELECT s.stage,"
                        + " (SELECT count(*) FROM l WHERE l.stage = s.stage) AS current,"
                        + " (SELECT count(*) FROM l WHERE array_position(ARRAY['ANONYMOUS','KNOWN','QUALIFIED','CLOSED','RETAINED'],"
                        + "   l.highest_stage) >= array_position(ARRAY['ANONYMOUS','KNOWN','QUALIFIED','CLOSED','RETAINED'], s.stage)) AS reached"
                        + " FROM unnest(ARRAY['KNOWN','QUALIFIED','CLOSED','RETAINED']) AS s(stage)")
                .execute(parameters(filter))
                .map(rows -> {
                    Map<String, FunnelReport.StageCount> result = new LinkedHashMap<>();
                    rows.forEach(row -> result.put(row.getString("stage"),
                            new FunnelReport.StageCount(row.getLong("current"), row.getLong("reached"))));
                    return result;
                });
    }

    /** Visitors not stitched to a lead (first seen in the period; a source filter leaves none). */
    public Uni<Long> anonymousVisitors(SqlClient client, FunnelFilter filter) {
        return client.preparedQuery("SELECT count(*) AS n FROM visitor v WHERE v.lead_id IS NULL"
                        + " AND ($1::uuid IS NULL OR EXISTS (SELECT 1 FROM engagement e WHERE e.visitor_id = v.visitor_id AND e.campaign_id = $1))"
                        + " AND $2::text IS NULL"
                        + " AND ($3::timestamptz IS NULL OR first_seen_at >= $3) AND ($4::timestamptz IS NULL OR first_seen_at < $4)")
                .execute(parameters(filter)).map(rows -> rows.iterator().next().getLong("n"));
    }

    /** The median time spent in each stage by the leads that left it, in seconds. */
    public Uni<Map<String, Double>> medianSecondsInStage(SqlClient client, FunnelFilter filter) {
        return client.preparedQuery("WITH l AS (" + LEADS + "), h AS (SELECT to_stage, occurred_at,"
                        + " lead(occurred_at) OVER (PARTITION BY lead_id ORDER BY seq) AS left_at FROM lead_stage_history"
                        + " WHERE lead_id IN (SELECT lead_id FROM l))"
                        + " SELECT to_stage, percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM left_at - occurred_at))"
                        + " AS median FROM h WHERE left_at IS NOT NULL GROUP BY to_stage")
                .execute(parameters(filter))
                .map(rows -> {
                    Map<String, Double> result = new TreeMap<>();
                    rows.forEach(row -> result.put(row.getString("to_stage"), row.getDouble("median")));
                    return result;
                });
    }

    /**
     * Per milestone (qualified, won) and model (firstTouch, lastTouch): the leads per campaign of the first or last
     * touch before the milestone ({@code none} without a campaign touch).
     */
    public Uni<Map<String, Map<String, Map<String, Long>>>> attribution(SqlClient client, FunnelFilter filter) {
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
        return client.preparedQuery(milestones).execute(parameters(filter)).map(rows -> {
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

    private static Tuple parameters(FunnelFilter filter) {
        return Tuple.of(filter.campaignId(), filter.source(), utc(filter.from()), utc(filter.to()));
    }
}
