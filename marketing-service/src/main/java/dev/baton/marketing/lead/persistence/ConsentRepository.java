package dev.baton.marketing.lead.persistence;

import dev.baton.contract.ConsentChannel;
import dev.baton.marketing.lead.domain.Consents;
import dev.baton.contract.Actor;
import dev.baton.marketing.lead.domain.ConsentConfirmation;
import dev.baton.marketing.lead.domain.ConsentProof;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.baton.platform.time.Timestamps.instant;
import static dev.baton.platform.time.Timestamps.utc;

/** SQL for consent: the current state per channel, every change, and the lead's "consent to be contacted". */
@ApplicationScoped
public class ConsentRepository {

    private static final String HISTORY_INSERT = "INSERT INTO consent_event (lead_id, channel, granted, source,"
            + " actor_id, on_behalf_of, purpose, text_version, client_ip, user_agent, recorded_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

    /** Records a change of one channel (state and history) and recomputes the lead's consent to be contacted. */
    public Uni<Void> record(SqlClient tx, UUID leadId, ConsentChannel channel, boolean granted, String source,
            Actor actor, ConsentProof proof, Instant at) {
        OffsetDateTime time = utc(at);
        return tx.preparedQuery("INSERT INTO consent (lead_id, channel, granted, source, purpose, recorded_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (lead_id, channel) DO UPDATE SET"
                        + " granted = EXCLUDED.granted, source = EXCLUDED.source, purpose = EXCLUDED.purpose,"
                        + " recorded_at = EXCLUDED.recorded_at")
                .execute(Tuple.from(new Object[] {leadId, channel.name(), granted, source,
                        proof.purpose() == null ? null : proof.purpose().name(), time}))
                .flatMap(v -> tx.preparedQuery(HISTORY_INSERT).execute(historyRow(leadId, channel, granted, source,
                        actor.id(), actor.onBehalfOf(), proof, time)))
                .flatMap(v -> refreshContactable(tx, leadId));
    }

    /**
     * Gives the survivor the strictest consent of both leads: the duplicate's decision on a channel the survivor has
     * not decided on, and the duplicate's withdrawal over the survivor's grant. Records each change in the history
     * (by {@code actorId}) and returns them.
     */
    public Uni<List<Consents.Change>> mergeStrictest(SqlClient tx, UUID duplicateId, UUID survivorId, String actorId,
            Instant at) {
        OffsetDateTime time = utc(at);
        return tx.preparedQuery("INSERT INTO consent (lead_id, channel, granted, source, purpose, recorded_at)"
                        + " SELECT $1, channel, granted, 'merge:' || source, purpose, $3 FROM consent WHERE lead_id = $2"
                        + " ON CONFLICT (lead_id, channel) DO UPDATE SET granted = false, source = EXCLUDED.source,"
                        + " purpose = EXCLUDED.purpose, recorded_at = EXCLUDED.recorded_at"
                        + " WHERE consent.granted AND NOT EXCLUDED.granted RETURNING channel, granted, source, purpose")
                .execute(Tuple.of(survivorId, duplicateId, time))
                .map(rows -> {
                    List<Consents.Change> changes = new ArrayList<>();
                    rows.forEach(row -> changes.add(new Consents.Change(ConsentChannel.valueOf(row.getString("channel")),
                            row.getBoolean("granted"), row.getString("source"), actorId, null,
                            ConsentProof.of(purpose(row.getString("purpose"))), at)));
                    return changes;
                })
                .call(changes -> changes.isEmpty() ? Uni.createFrom().voidItem() : tx.preparedQuery(HISTORY_INSERT)
                        .executeBatch(changes.stream().map(change -> historyRow(survivorId, change.channel(),
                                change.granted(), change.source(), actorId, null, change.proof(), time)).toList()))
                .call(changes -> refreshContactable(tx, survivorId));
    }

    /** The lead's consent to be contacted: while any channel is granted. */
    private Uni<Void> refreshContactable(SqlClient tx, UUID leadId) {
        return tx.preparedQuery("UPDATE lead SET consent_contact = EXISTS (SELECT 1 FROM consent"
                        + " WHERE consent.lead_id = $1 AND granted) WHERE lead_id = $1")
                .execute(Tuple.of(leadId)).replaceWithVoid();
    }

    public Uni<Map<ConsentChannel, Consents.State>> current(SqlClient client, UUID leadId) {
        return client.preparedQuery("SELECT channel, granted, source, purpose, recorded_at FROM consent WHERE lead_id = $1"
                        + " ORDER BY channel")
                .execute(Tuple.of(leadId))
                .map(rows -> {
                    Map<ConsentChannel, Consents.State> states = new LinkedHashMap<>();
                    rows.forEach(row -> states.put(ConsentChannel.valueOf(row.getString("channel")),
                            new Consents.State(row.getBoolean("granted"), row.getString("source"),
                                    purpose(row.getString("purpose")), instant(row.getOffsetDateTime("recorded_at")))));
                    return states;
                });
    }

    public Uni<List<Consents.Change>> history(SqlClient client, UUID leadId) {
        return client.preparedQuery("SELECT channel, granted, source, actor_id, on_behalf_of, purpose, text_version,"
                        + " client_ip, user_agent, recorded_at FROM consent_event WHERE lead_id = $1 ORDER BY id")
                .execute(Tuple.of(leadId))
                .map(rows -> rows.stream().map(row -> new Consents.Change(ConsentChannel.valueOf(row.getString("channel")),
                        row.getBoolean("granted"), row.getString("source"), row.getString("actor_id"),
                        row.getString("on_behalf_of"), new ConsentProof(purpose(row.getString("purpose")),
                                row.getString("text_version"), row.getString("client_ip"), row.getString("user_agent")),
                        instant(row.getOffsetDateTime("recorded_at")))).toList());
    }

    /** Stores a confirmation waiting for the person, under the hash of its token. */
    public Uni<Void> requestConfirmation(SqlClient tx, byte[] tokenHash, ConsentConfirmation c) {
        return tx.preparedQuery("INSERT INTO consent_confirmation (token_hash, lead_id, channel, source, purpose,"
                        + " text_version, requested_by, requested_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7,"
                        + " $8, $9)")
                .execute(Tuple.from(new Object[] {Buffer.buffer(tokenHash), c.leadId(), c.channel().name(), c.source(),
                        c.purpose() == null ? null : c.purpose().name(), c.textVersion(),
                        c.requestedBy(), utc(c.requestedAt()), utc(c.expiresAt())}))
                .replaceWithVoid();
    }

    /** The confirmation of a token, locked; null when no token has this hash. */
    public Uni<ConsentConfirmation> confirmationForUpdate(SqlClient tx, byte[] tokenHash) {
        return tx.preparedQuery("SELECT " + CONFIRMATION_COLUMNS + " FROM consent_confirmation WHERE token_hash = $1"
                        + " FOR UPDATE")
                .execute(Tuple.of(Buffer.buffer(tokenHash)))
                .map(rows -> rows.iterator().hasNext() ? confirmation(rows.iterator().next()) : null);
    }

    /** Voids the lead's confirmations of {@code channel} still waiting at {@code now}: the person withdrew since. */
    public Uni<Void> voidPending(SqlClient tx, UUID leadId, ConsentChannel channel, Instant now) {
        return tx.preparedQuery("UPDATE consent_confirmation SET expires_at = $3 WHERE lead_id = $1 AND channel = $2"
                        + " AND confirmed_at IS NULL AND expires_at > $3")
                .execute(Tuple.of(leadId, channel.name(), utc(now))).replaceWithVoid();
    }

    public Uni<Void> markConfirmed(SqlClient tx, byte[] tokenHash, Instant at) {
        return tx.preparedQuery("UPDATE consent_confirmation SET confirmed_at = $2 WHERE token_hash = $1")
                .execute(Tuple.of(Buffer.buffer(tokenHash), utc(at))).replaceWithVoid();
    }

    /** The lead's confirmations still waiting for the person at {@code now}, oldest first. */
    public Uni<List<ConsentConfirmation>> pending(SqlClient client, UUID leadId, Instant now) {
        return client.preparedQuery("SELECT " + CONFIRMATION_COLUMNS + " FROM consent_confirmation WHERE lead_id = $1"
                        + " AND confirmed_at IS NULL AND expires_at > $2 ORDER BY requested_at")
                .execute(Tuple.of(leadId, utc(now)))
                .map(rows -> rows.stream().map(ConsentRepository::confirmation).toList());
    }

    private static Tuple historyRow(UUID leadId, ConsentChannel channel, boolean granted, String source, String actorId,
            String onBehalfOf, ConsentProof proof, OffsetDateTime time) {
        return Tuple.from(new Object[] {leadId, channel.name(), granted, source, actorId, onBehalfOf,
                proof.purpose() == null ? null : proof.purpose().name(), proof.textVersion(), proof.clientIp(),
                proof.userAgent(), time});
    }

    private static ConsentProof.Purpose purpose(String value) {
        return value == null ? null : ConsentProof.Purpose.valueOf(value);
    }

    private static final String CONFIRMATION_COLUMNS = "lead_id, channel, source, purpose, text_version, requested_by,"
            + " requested_at, expires_at, confirmed_at";

    private static ConsentConfirmation confirmation(Row row) {
        return new ConsentConfirmation(row.getUUID("lead_id"), ConsentChannel.valueOf(row.getString("channel")),
                row.getString("source"), purpose(row.getString("purpose")), row.getString("text_version"),
                row.getString("requested_by"),
                instant(row.getOffsetDateTime("requested_at")), instant(row.getOffsetDateTime("expires_at")),
                instant(row.getOffsetDateTime("confirmed_at")));
    }
}
