package dev.baton.sales.lead.persistence;

import dev.baton.contract.ConsentChannel;
import dev.baton.contract.Json;
import dev.baton.contract.Owner;
import dev.baton.contract.Stage;
import dev.baton.sales.lead.domain.Lead;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/** SQL of sales' local view of leads ({@code lead_view}). */
@ApplicationScoped
public class LeadViewRepository {

    /** The lead, locked; null while sales has not heard of it. */
    /**
     * Whether the person behind the lead was erased. Called after the caller locked what it changes, as a statement of
     * its own: it then sees an erasure that committed while the caller waited for that lock.
     */
    public Uni<Boolean> erased(SqlClient tx, UUID leadId) {
        return tx.preparedQuery("SELECT erased_at IS NOT NULL AS erased FROM lead_view WHERE lead_id = $1")
                .execute(Tuple.of(leadId))
                .map(rows -> rows.iterator().hasNext() && rows.iterator().next().getBoolean("erased"));
    }

    public Uni<Lead> findForUpdate(SqlClient tx, UUID leadId) {
        return tx.preparedQuery("SELECT lead_id, owner, rep_id, ownership_version, stage, seq FROM lead_view"
                        + " WHERE lead_id = $1 FOR UPDATE")
                .execute(Tuple.of(leadId))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    var row = it.next();
                    String owner = row.getString("owner");
                    return new Lead(row.getUUID("lead_id"), owner == null ? null : Owner.valueOf(owner),
                            row.getString("rep_id"), row.getLong("ownership_version"),
                            Stage.valueOf(row.getString("stage")), row.getLong("seq"));
                });
    }

    /** Records the lead's stage and sequence (creating the row if needed). */
    public Uni<Void> advance(SqlClient tx, UUID leadId, Stage stage, long seq) {
        return tx.preparedQuery("INSERT INTO lead_view (lead_id, stage, seq) VALUES ($1, $2, $3)"
                        + " ON CONFLICT (lead_id) DO UPDATE SET stage = EXCLUDED.stage, seq = EXCLUDED.seq, updated_at = now()"
                        + " WHERE lead_view.seq < EXCLUDED.seq")
                .execute(Tuple.of(leadId, stage.name(), seq)).replaceWithVoid();
    }

    /** Replaces the lead's consent snapshot with marketing's latest (creating the row if needed). */
    public Uni<Void> recordConsent(SqlClient tx, UUID leadId, Stage stage, Map<ConsentChannel, Boolean> channels) {
        return tx.preparedQuery("INSERT INTO lead_view (lead_id, stage, seq, contact_consent) VALUES ($1, $2, 0, $3::jsonb)"
                        + " ON CONFLICT (lead_id) DO UPDATE SET contact_consent = EXCLUDED.contact_consent, updated_at = now()")
                .execute(Tuple.of(leadId, stage.name(), new JsonObject(Json.write(channels)))).replaceWithVoid();
    }

    /** Replaces the consent snapshot of a lead sales knows; nothing for one it does not. */
    public Uni<Void> updateConsent(SqlClient tx, UUID leadId, Map<ConsentChannel, Boolean> channels) {
        return tx.preparedQuery("UPDATE lead_view SET contact_consent = $2, updated_at = now() WHERE lead_id = $1")
                .execute(Tuple.of(leadId, new JsonObject(Json.write(channels)))).replaceWithVoid();
    }

    /** A stored consent snapshot (the {@code jsonb} column as read); null when none was recorded. */
    public static Map<ConsentChannel, Boolean> consent(JsonObject json) {
        if (json == null) {
            return null;
        }
        Map<ConsentChannel, Boolean> channels = new EnumMap<>(ConsentChannel.class);
        json.forEach(entry -> channels.put(ConsentChannel.valueOf(entry.getKey()), (Boolean) entry.getValue()));
        return channels;
    }

    /** Applies a newer ownership version; older ones change nothing. */
    public Uni<Void> applyOwnership(SqlClient tx, UUID leadId, Owner owner, String repId, long version) {
        return tx.preparedQuery("INSERT INTO lead_view (lead_id, owner, rep_id, ownership_version, stage, seq)"
                        + " VALUES ($1, $2, $3, $4, 'KNOWN', 0)"
                        + " ON CONFLICT (lead_id) DO UPDATE SET owner = EXCLUDED.owner, rep_id = EXCLUDED.rep_id,"
                        + " ownership_version = EXCLUDED.ownership_version, updated_at = now()"
                        + " WHERE lead_view.ownership_version < EXCLUDED.ownership_version")
                .execute(Tuple.of(leadId, owner.name(), repId, version)).replaceWithVoid();
    }
}
