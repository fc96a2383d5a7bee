package dev.baton.handoff.sla.persistence;

import dev.baton.handoff.ownership.domain.Ownership;
import dev.baton.handoff.ownership.persistence.OwnershipRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

import static dev.baton.platform.time.Timestamps.utc;

/** SQL of the SLA timers: they are the {@code sla_at_risk_at} and {@code sla_due_at} of handed-off registry rows. */
@ApplicationScoped
public class SlaTimerRepository {

    /**
     * Claims one lead whose SLA timer is due (at risk, or breached) at {@code now}, locked for this transaction. Rows
     * another transaction holds (another replica's claim, a consumer applying an answer) are skipped, so a timer fires
     * once however many instances poll.
     */
    public Uni<Ownership> claimDue(SqlClient tx, Instant now) {
        return tx.preparedQuery("SELECT " + OwnershipRepository.COLUMNS + " FROM lead_ownership WHERE status = 'HANDED_OFF'"
                        + " AND (sla_due_at <= $1 OR (NOT sla_at_risk_sent AND sla_at_risk_at <= $1))"
                        + " ORDER BY sla_due_at LIMIT 1 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(utc(now)))
                .map(rows -> rows.iterator().hasNext() ? OwnershipRepository.ownership(rows.iterator().next()) : null);
    }
}
