package dev.baton.sales.referral.persistence;

import dev.baton.platform.time.Timestamps;
import dev.baton.sales.referral.domain.Referral;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

import static dev.baton.platform.time.Timestamps.utc;

/** SQL of referrals (the referral table; a customer's list of them is read with the customer). */
@ApplicationScoped
public class ReferralRepository {

    /** This customer's referral of that lead, if already recorded. */
    public Uni<Referral> find(SqlClient tx, UUID referrerLeadId, UUID referredLeadId) {
        return tx.preparedQuery("SELECT referral_id, rep_id, actor_id, created_at FROM referral"
                        + " WHERE referrer_lead_id = $1 AND referred_lead_id = $2")
                .execute(Tuple.of(referrerLeadId, referredLeadId))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new Referral(row.getUUID("referral_id"), referrerLeadId, referredLeadId,
                            row.getString("rep_id"), row.getString("actor_id"),
                            Timestamps.instant(row.getOffsetDateTime("created_at")));
                });
    }

    public Uni<Void> insert(SqlClient tx, Referral referral) {
        return tx.preparedQuery("INSERT INTO referral (referral_id, referrer_lead_id, referred_lead_id, rep_id, actor_id,"
                        + " created_at) VALUES ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.of(referral.referralId(), referral.referrerLeadId(), referral.referredLeadId(),
                        referral.repId(), referral.actorId(), utc(referral.createdAt())))
                .replaceWithVoid();
    }
}
