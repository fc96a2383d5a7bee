package dev.baton.sales.customer.persistence;

import dev.baton.platform.time.Timestamps;
import dev.baton.sales.customer.domain.Customer;
import dev.baton.sales.customer.domain.CustomerAccount;
import dev.baton.sales.customer.domain.CustomerStatus;
import dev.baton.sales.customer.domain.Renewal;
import dev.baton.sales.customer.domain.RetentionKind;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static dev.baton.platform.time.Timestamps.utc;

/** SQL of customer accounts, their retention activities and the referrals they made. */
@ApplicationScoped
public class CustomerRepository {

    /** The customer account, locked; null when the lead is not a customer. */
    public Uni<CustomerAccount> lock(SqlClient tx, UUID leadId) {
        return tx.preparedQuery("SELECT rep_id, status FROM customer WHERE lead_id = $1 FOR UPDATE")
                .execute(Tuple.of(leadId))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new CustomerAccount(leadId, row.getString("rep_id"),
                            CustomerStatus.valueOf(row.getString("status")));
                });
    }

    /** The customer with its retention history and referrals; null when the lead is not a customer. */
    public Uni<Customer> find(SqlClient client, UUID leadId) {
        return client.preparedQuery("SELECT lead_id, rep_id, status, won_at, churned_at, churn_reason, churned_by"
                        + " FROM customer WHERE lead_id = $1")
                .execute(Tuple.of(leadId))
                .flatMap(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().nullItem();
                    }
                    Row row = rows.iterator().next();
                    return retention(client, leadId).flatMap(retention -> referrals(client, leadId)
                            .map(referrals -> new Customer(leadId, row.getString("rep_id"),
                                    CustomerStatus.valueOf(row.getString("status")),
                                    Timestamps.instant(row.getOffsetDateTime("won_at")),
                                    Timestamps.instant(row.getOffsetDateTime("churned_at")), row.getString("churn_reason"),
                                    row.getString("churned_by"), retention, referrals)));
                });
    }

    private Uni<List<Customer.Retention>> retention(SqlClient client, UUID leadId) {
        return client.preparedQuery("SELECT retention_id, kind, notes, actor_id, rep_id, occurred_at"
                        + " FROM retention_activity WHERE lead_id = $1 ORDER BY occurred_at, retention_id")
                .execute(Tuple.of(leadId))
                .map(r -> r.stream().map(x -> new Customer.Retention(x.getUUID("retention_id"),
                        RetentionKind.valueOf(x.getString("kind")), x.getString("notes"), x.getString("actor_id"),
                        x.getString("rep_id"), Timestamps.instant(x.getOffsetDateTime("occurred_at")))).toList());
    }

    private Uni<List<Customer.Referral>> referrals(SqlClient client, UUID leadId) {
        return client.preparedQuery("SELECT referral_id, referred_lead_id, rep_id, actor_id, created_at FROM referral"
                        + " WHERE referrer_lead_id = $1 ORDER BY created_at, referral_id")
                .execute(Tuple.of(leadId))
                .map(r -> r.stream().map(x -> new Customer.Referral(x.getUUID("referral_id"),
                        x.getUUID("referred_lead_id"), x.getString("rep_id"), x.getString("actor_id"),
                        Timestamps.instant(x.getOffsetDateTime("created_at")))).toList());
    }

    /** The customer who referred this lead, if sales recorded a referral for it (the first one). */
    public Uni<UUID> referrerOf(SqlClient tx, UUID leadId) {
        return tx.preparedQuery("SELECT referrer_lead_id FROM referral WHERE referred_lead_id = $1"
                        + " ORDER BY created_at LIMIT 1")
                .execute(Tuple.of(leadId))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getUUID("referrer_lead_id") : null);
    }

    public Uni<Void> insertRetention(SqlClient tx, UUID leadId, Customer.Retention retention) {
        return tx.preparedQuery("INSERT INTO retention_activity (retention_id, lead_id, kind, actor_id, rep_id, notes,"
                        + " occurred_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.from(new Object[] {retention.retentionId(), leadId, retention.kind().name(),
                        retention.actorId(), retention.repId(), retention.notes(), utc(retention.occurredAt())}))
                .replaceWithVoid();
    }

    public Uni<Void> setStatus(SqlClient tx, UUID leadId, CustomerStatus status, Instant at) {
        return tx.preparedQuery("UPDATE customer SET status = $2, updated_at = $3 WHERE lead_id = $1")
                .execute(Tuple.of(leadId, status.name(), utc(at))).replaceWithVoid();
    }

    public Uni<Void> churn(SqlClient tx, UUID leadId, String reason, String actorId, Instant at) {
        return tx.preparedQuery("UPDATE customer SET status = 'CHURNED', churned_at = $2, churn_reason = $3,"
                        + " churned_by = $4, updated_at = $2 WHERE lead_id = $1")
                .execute(Tuple.of(leadId, utc(at), reason, actorId)).replaceWithVoid();
    }

    /** The lead was won by {@code repId}: a WON customer (again, after a churn: the churn is cleared). */
    public Uni<Void> won(SqlClient tx, UUID leadId, String repId, Instant at) {
        return tx.preparedQuery("INSERT INTO customer (lead_id, rep_id, status, won_at, updated_at)"
                        + " VALUES ($1, $2, 'WON', $3, $3) ON CONFLICT (lead_id) DO UPDATE SET rep_id = EXCLUDED.rep_id,"
                        + " status = 'WON', won_at = EXCLUDED.won_at, updated_at = EXCLUDED.updated_at,"
                        + " churned_at = NULL, churn_reason = NULL, churned_by = NULL")
                .execute(Tuple.of(leadId, repId, utc(at))).replaceWithVoid();
    }

    /**
     * Won or retained customers of {@code reps} (null: all) whose next yearly anniversary of the win falls within
     * {@code days} of {@code today}, soonest first, at most {@code limit}.
     */
    public Uni<List<Renewal>> renewalsWithin(SqlClient client, List<String> reps, LocalDate today, int days, int limit) {
        // The next anniversary: the win date plus its full years so far (at least one), plus one more once past.
        return client.preparedQuery("SELECT lead_id, rep_id, status, won_at FROM ("
                        + " SELECT *, CASE WHEN d + make_interval(years => m) >= $2::date THEN d + make_interval(years => m)"
                        + "  ELSE d + make_interval(years => m + 1) END AS renews_on FROM ("
                        + "  SELECT lead_id, rep_id, status, won_at, (won_at AT TIME ZONE 'UTC')::date AS d,"
                        + "   GREATEST(1, date_part('year', age($2::date, (won_at AT TIME ZONE 'UTC')::date))::int) AS m"
                        + "  FROM customer WHERE status IN ('WON', 'RETAINED') AND ($1::text[] IS NULL OR rep_id = ANY($1))"
                        + " ) y) c WHERE renews_on::date <= $2::date + $3::int ORDER BY renews_on, lead_id LIMIT $4")
                .execute(Tuple.of(reps == null ? null : reps.toArray(String[]::new), today, days, limit))
                .map(rows -> rows.stream().map(row -> {
                    Instant wonAt = Timestamps.instant(row.getOffsetDateTime("won_at"));
                    return new Renewal(row.getUUID("lead_id"), row.getString("rep_id"),
                            CustomerStatus.valueOf(row.getString("status")), wonAt,
                            Renewal.nextAnniversary(wonAt, today));
                }).toList());
    }
}
