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

/** Erasing what sales holds about a person: the reps' words and the referral links; ids, amounts and times stay. */
@ApplicationScoped
public class ErasureRepository {

    private static final String OPPORTUNITIES = "(SELECT opportunity_id FROM opportunity WHERE lead_id = $1)";
    private static final List<String> ERASE = List.of(
            "UPDATE activity SET subject = NULL, notes = NULL WHERE opportunity_id IN " + OPPORTUNITIES,
            "UPDATE opportunity_stage_change SET reason = NULL WHERE opportunity_id IN " + OPPORTUNITIES,
            "UPDATE opportunity SET title = NULL, outcome_reason = NULL, referrer_lead_id = NULL WHERE lead_id = $1",
            "UPDATE opportunity SET referrer_lead_id = NULL WHERE referrer_lead_id = $1",
            "UPDATE retention_activity SET notes = NULL WHERE lead_id = $1",
            "UPDATE customer SET churn_reason = NULL WHERE lead_id = $1",
            "DELETE FROM referral WHERE referrer_lead_id = $1 OR referred_lead_id = $1");

    private static final JsonObject WITHDRAWN = new JsonObject().put("EMAIL", false).put("PHONE", false);

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
