package dev.baton.marketing.consent;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Consent per channel, with the source and time of every change so it can be demonstrated. The lead's
 * "consent to be contacted" is true while any channel is granted.
 */
@ApplicationScoped
public class Consents {

    /** The current consent of one channel. */
    public record State(boolean granted, String source, Instant recordedAt) {
    }

    /** One change, as recorded. */
    public record Change(ConsentChannel channel, boolean granted, String source, String actorId, Instant recordedAt) {
    }

    public Uni<Void> record(SqlClient tx, UUID leadId, ConsentChannel channel, boolean granted, String source,
            String actorId, Instant at) {
        var time = at.atOffset(ZoneOffset.UTC);
        return tx.preparedQuery("INSERT INTO consent (lead_id, channel, granted, source, recorded_at) VALUES ($1, $2, $3, $4, $5)"
                        + " ON CONFLICT (lead_id, channel) DO UPDATE SET granted = EXCLUDED.granted, source = EXCLUDED.source,"
                        + " recorded_at = EXCLUDED.recorded_at")
                .execute(Tuple.of(leadId, channel.name(), granted, source, time))
                .flatMap(v -> tx.preparedQuery("INSERT INTO consent_event (lead_id, channel, granted, source, actor_id,"
                                + " recorded_at) VALUES ($1, $2, $3, $4, $5, $6)")
                        .execute(Tuple.from(new Object[] {leadId, channel.name(), granted, source, actorId, time})))
                .flatMap(v -> tx.preparedQuery("UPDATE lead SET consent_contact = EXISTS (SELECT 1 FROM consent"
                                + " WHERE consent.lead_id = $1 AND granted) WHERE lead_id = $1")
                        .execute(Tuple.of(leadId)))
                .replaceWithVoid();
    }

    public Uni<Map<ConsentChannel, State>> current(SqlClient client, UUID leadId) {
        return client.preparedQuery("SELECT channel, granted, source, recorded_at FROM consent WHERE lead_id = $1 ORDER BY channel")
                .execute(Tuple.of(leadId))
                .map(rows -> {
                    Map<ConsentChannel, State> states = new LinkedHashMap<>();
                    rows.forEach(row -> states.put(ConsentChannel.valueOf(row.getString("channel")),
                            new State(row.getBoolean("granted"), row.getString("source"),
                                    row.getOffsetDateTime("recorded_at").toInstant())));
                    return states;
                });
    }

    public Uni<List<Change>> history(SqlClient client, UUID leadId) {
        return client.preparedQuery("SELECT channel, granted, source, actor_id, recorded_at FROM consent_event"
                        + " WHERE lead_id = $1 ORDER BY id")
                .execute(Tuple.of(leadId))
                .map(rows -> rows.stream().map(row -> new Change(ConsentChannel.valueOf(row.getString("channel")),
                        row.getBoolean("granted"), row.getString("source"), row.getString("actor_id"),
                        row.getOffsetDateTime("recorded_at").toInstant())).toList());
    }
}
