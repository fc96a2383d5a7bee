package dev.baton.handoff.recycle.persistence;

import dev.baton.handoff.ownership.domain.Ownership;
import dev.baton.handoff.ownership.persistence.OwnershipRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

import static dev.baton.platform.time.Timestamps.utc;

/** SQL of the closed leads cooling down before they go back to marketing. */
@ApplicationScoped
public class CoolingRepository {

    /**
     * Claims one LOST lead closed at or before {@code lostBefore}, locked for this transaction; rows another transaction
     * holds are skipped (never waited for).
     */
    public Uni<Ownership> claimDue(SqlClient tx, Instant lostBefore) {
        return tx.preparedQuery("SELECT " + OwnershipRepository.COLUMNS + " FROM lead_ownership WHERE status = 'CLOSED'"
                        + " AND closed_outcome = 'LOST' AND closed_at <= $1 ORDER BY closed_at LIMIT 1"
                        + " FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(utc(lostBefore)))
                .map(rows -> rows.iterator().hasNext() ? OwnershipRepository.ownership(rows.iterator().next()) : null);
    }
}
