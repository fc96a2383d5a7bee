package dev.baton.marketing.lead.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

import static dev.baton.platform.time.Timestamps.utc;

/** SQL of a merge: what moves from the duplicate to the survivor, and the alias the duplicate becomes. */
@ApplicationScoped
public class LeadMergeRepository {

    /** Moves the duplicate's visitors, engagement and conversions to the survivor. */
    public Uni<Void> moveTouches(SqlClient tx, UUID duplicateId, UUID survivorId) {
        Tuple ids = Tuple.of(survivorId, duplicateId);
        return tx.preparedQuery("UPDATE visitor SET lead_id = $1 WHERE lead_id = $2").execute(ids)
                .flatMap(v -> tx.preparedQuery("UPDATE engagement SET lead_id = $1 WHERE lead_id = $2").execute(ids))
                .flatMap(v -> tx.preparedQuery("UPDATE conversion SET lead_id = $1 WHERE lead_id = $2").execute(ids))
                .replaceWithVoid();
    }

    /** Makes the duplicate an alias of the survivor (its email still finds the survivor), at sequence {@code seq}. */
    public Uni<Void> markMerged(SqlClient tx, UUID duplicateId, UUID survivorId, long seq, String actorId, String reason,
            Instant at) {
        return tx.preparedQuery("UPDATE lead SET merged_into = $1, seq = $3 WHERE lead_id = $2")
                .execute(Tuple.of(survivorId, duplicateId, seq))
                // Leads merged into the duplicate earlier now point at the survivor: a merged-away lead is always one
                // hop from the lead that holds the person.
                .flatMap(v -> tx.preparedQuery("UPDATE lead SET merged_into = $1 WHERE merged_into = $2")
                        .execute(Tuple.of(survivorId, duplicateId)))
                .flatMap(v -> tx.preparedQuery("INSERT INTO lead_alias (alias_lead_id, lead_id, actor_id, reason, merged_at)"
                                + " VALUES ($1, $2, $3, $4, $5)")
                        .execute(Tuple.of(duplicateId, survivorId, actorId, reason, utc(at))))
                .replaceWithVoid();
    }
}
