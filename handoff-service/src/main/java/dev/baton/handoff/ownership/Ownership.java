package dev.baton.handoff.ownership;

import dev.baton.contract.Owner;
import dev.baton.contract.Stage;
import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One lead's row in the ownership registry. */
public record Ownership(
        UUID leadId,
        Owner owner,
        String repId,
        String teamId,
        HandoffStatus status,
        Stage stage,
        long seq,
        long version,
        Instant slaDueAt,
        Instant updatedAt) {

    static Ownership from(Row row) {
        OffsetDateTime due = row.getOffsetDateTime("sla_due_at");
        return new Ownership(row.getUUID("lead_id"), Owner.valueOf(row.getString("owner")), row.getString("rep_id"),
                row.getString("team_id"), HandoffStatus.valueOf(row.getString("status")),
                Stage.valueOf(row.getString("stage")), row.getLong("seq"), row.getLong("version"),
                due == null ? null : due.toInstant(), row.getOffsetDateTime("updated_at").toInstant());
    }
}
