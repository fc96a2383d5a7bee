package dev.baton.marketing.lead.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** What marketing holds about a person's leads, as stored, for their export. */
@ApplicationScoped
public class ExportRepository {

    private static final String LEADS = "lead_id = ANY($1)";
    private static final String EXPORT = "SELECT json_build_object("
            + "'leads', " + rows("SELECT lead_id, email, name, company, company_size, job_role, country, stage,"
            + " highest_stage, owner, rep_id, score, conversion_kind, created_at, stage_changed_at, merged_into,"
            + " referrer_lead_id, referring_rep_id, outcome, purchase_amount FROM lead WHERE " + LEADS, "created_at")
            + ", 'visitors', " + rows("SELECT visitor_id, lead_id, first_seen_at FROM visitor WHERE " + LEADS,
            "first_seen_at")
            + ", 'engagement', " + rows("SELECT event_id, visitor_id, lead_id, type, occurred_at, properties,"
            + " campaign_id FROM engagement WHERE " + LEADS + " OR visitor_id IN (SELECT visitor_id FROM visitor WHERE "
            + LEADS + ")", "occurred_at")
            + ", 'conversions', " + rows("SELECT * FROM conversion WHERE " + LEADS, "occurred_at")
            + ", 'consents', " + rows("SELECT * FROM consent WHERE " + LEADS, "recorded_at")
            + ", 'consentHistory', " + rows("SELECT * FROM consent_event WHERE " + LEADS, "id")
            + ", 'consentConfirmations', " + rows("SELECT lead_id, channel, source, purpose, text_version,"
            + " requested_by, requested_at, expires_at, confirmed_at FROM consent_confirmation WHERE " + LEADS,
            "requested_at")
            + ", 'sends', " + rows("SELECT * FROM marketing_send WHERE " + LEADS, "created_at")
            + ", 'notes', " + rows("SELECT * FROM lead_note WHERE " + LEADS, "written_at")
            + ", 'merges', " + rows("SELECT * FROM lead_alias WHERE " + LEADS + " OR alias_lead_id = ANY($1)",
            "merged_at")
            + ", 'stages', " + rows("SELECT * FROM lead_stage_history WHERE " + LEADS, "occurred_at")
            + ")::text AS export";

    /** A JSON array of the rows of {@code select}, in {@code order}; empty, not null, when there are none. */
    private static String rows(String select, String order) {
        return "coalesce((SELECT json_agg(r ORDER BY r." + order + ") FROM (" + select + ") r), '[]'::json)";
    }

    public Uni<JsonObject> export(SqlClient client, List<UUID> leadIds) {
        return client.preparedQuery(EXPORT).execute(Tuple.of((Object) leadIds.toArray(UUID[]::new)))
                .map(rows -> new JsonObject(rows.iterator().next().getString("export")));
    }
}
