package dev.baton.sales.privacy.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.baton.platform.time.Timestamps.utc;

/**
 * What sales holds about a person: exported whole; erased down to ids, amounts and times (the reps' words and the
 * referral links go).
 */
@ApplicationScoped
public class ErasureRepository {

    private static final String OPPORTUNITIES = "(SELECT opportunity_id FROM opportunity WHERE lead_id = $1)";
    private static final List<String> ERASE = List.of(
            // Locks first, in the order the writers take them (opportunity, customer, lead view): a writer that got
            // there first is erased after it commits, one that comes after sees the lead erased and refuses.
            "SELECT 1 FROM opportunity WHERE lead_id = $1 ORDER BY opportunity_id FOR UPDATE",
            "SELECT 1 FROM customer WHERE lead_id = $1 FOR UPDATE",
            "SELECT 1 FROM lead_view WHERE lead_id = $1 FOR UPDATE",
            "UPDATE activity SET subject = NULL, notes = NULL WHERE opportunity_id IN " + OPPORTUNITIES,
            "UPDATE opportunity_stage_change SET reason = NULL WHERE opportunity_id IN " + OPPORTUNITIES,
            "UPDATE opportunity SET title = NULL, outcome_reason = NULL, referrer_lead_id = NULL WHERE lead_id = $1",
            "UPDATE opportunity SET referrer_lead_id = NULL WHERE referrer_lead_id = $1",
            "UPDATE retention_activity SET notes = NULL WHERE lead_id = $1",
            "UPDATE customer SET churn_reason = NULL WHERE lead_id = $1",
            "DELETE FROM referral WHERE referrer_lead_id = $1 OR referred_lead_id = $1");

    private static final JsonObject WITHDRAWN = new JsonObject().put("EMAIL", false).put("PHONE", false);

    private static final String EXPORT = "SELECT json_build_object("
            + "'lead', (SELECT row_to_json(v) FROM lead_view v WHERE v.lead_id = $1),"
            + " 'opportunities', coalesce((SELECT json_agg(o ORDER BY o.created_at) FROM (SELECT op.*,"
            + " coalesce((SELECT json_agg(c ORDER BY c.occurred_at) FROM opportunity_stage_change c"
            + " WHERE c.opportunity_id = op.opportunity_id), '[]'::json) AS stage_changes,"
            + " coalesce((SELECT json_agg(a ORDER BY a.created_at) FROM activity a"
            + " WHERE a.opportunity_id = op.opportunity_id), '[]'::json) AS activities"
            + " FROM opportunity op WHERE op.lead_id = $1) o), '[]'::json),"
            + " 'customer', (SELECT row_to_json(c) FROM customer c WHERE c.lead_id = $1),"
            + " 'retention', coalesce((SELECT json_agg(r ORDER BY r.occurred_at) FROM retention_activity r"
            + " WHERE r.lead_id = $1), '[]'::json),"
            + " 'referrals', coalesce((SELECT json_agg(f ORDER BY f.created_at) FROM referral f"
            + " WHERE f.referrer_lead_id = $1 OR f.referred_lead_id = $1), '[]'::json))::text AS export";

    /** Everything sales holds about a lead, as stored, for the person's export. */
    public Uni<JsonObject> export(SqlClient client, UUID leadId) {
        return client.preparedQuery(EXPORT).execute(Tuple.of(leadId))
                .map(rows -> new JsonObject(rows.iterator().next().getString("export")));
    }

    public Uni<Void> erase(SqlClient tx, UUID leadId, Instant at) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String statement : ERASE) {
            chain = chain.flatMap(v -> tx.preparedQuery(statement).execute(Tuple.of(leadId)).replaceWithVoid());
        }
        // An erased person is contacted no more: every channel reads as withdrawn, so outbound contact is refused.
        return chain.flatMap(v -> tx.preparedQuery("UPDATE lead_view SET contact_consent = $3, erased_at = $2"
                        + " WHERE lead_id = $1").execute(Tuple.of(leadId, utc(at), WITHDRAWN)))
                .replaceWithVoid();
    }
}
