package dev.baton.marketing.lead;

import dev.baton.contract.Actor;
import dev.baton.contract.LifecycleDetails;
import dev.baton.contract.ConsentChannel;
import dev.baton.marketing.lead.domain.ConsentConfirmation;
import dev.baton.marketing.lead.domain.ConsentProof;
import dev.baton.marketing.lead.domain.Consents;
import dev.baton.marketing.lead.domain.Lead;
import dev.baton.marketing.lead.persistence.ConsentRepository;
import dev.baton.marketing.lead.persistence.LeadRepository;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.outbox.Transactions;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.time.Timestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Consent per channel, granted or withdrawn whoever owns the lead: a withdrawal stops every send at once and is
 * published ({@code consent-changed}, audit only) so that sales stops too.
 */
@ApplicationScoped
public class ConsentService {

    private final Pool pool;
    private final Transactions transactions;
    private final LeadRepository leads;
    private final ConsentRepository consents;
    private final LeadEvents events;
    private final Outbox outbox;

    public ConsentService(Pool pool, Transactions transactions, LeadRepository leads, ConsentRepository consents,
            LeadEvents events, Outbox outbox) {
        this.pool = pool;
        this.transactions = transactions;
        this.leads = leads;
        this.consents = consents;
        this.events = events;
        this.outbox = outbox;
    }

    /** The consent of a lead: the current state per channel, every change, and the grants waiting for the person. */
    public record ConsentRecord(UUID leadId, Map<ConsentChannel, Consents.State> current,
            List<Consents.Change> history, List<ConsentConfirmation> pending) {
    }

    /** A confirmation asked for: the token to send to the person, and until when it may be used. */
    public record Requested(UUID leadId, ConsentChannel channel, String token, Instant expiresAt) {
    }

    /**
     * Records the change and its event on the lead, or on the lead it was merged into (the person's consent lives
     * there, as their conversions do); null (nothing recorded) for an unknown lead. 409 consent-withdrawn when granting
     * a channel the person withdrew: only their confirmation ({@link #confirm}) grants it again.
     */
    public Uni<ConsentRecord> change(UUID requested, ConsentChannel channel, boolean granted, String source,
            ConsentProof proof, Actor actor) {
        Instant now = Timestamps.now();
        return transactions.commit(tx -> survivor(tx, requested).flatMap(lead -> {
                    if (lead == null) {
                        return Uni.createFrom().<UUID>nullItem();
                    }
                    return consents.current(tx, lead.leadId()).flatMap(current -> {
                        if (granted && !Consents.mayBeGranted(current.get(channel))) {
                            throw ProblemException.conflict("consent-withdrawn", "the person withdrew " + channel
                                    + " consent (" + current.get(channel).source() + "); only their own confirmed"
                                    + " action can grant it again");
                        }
                        Uni<Void> voided = granted ? Uni.createFrom().voidItem()
                                : consents.voidPending(tx, lead.leadId(), channel, now);
                        return voided.flatMap(v -> record(tx, lead, current, channel, granted, source, Consents.REQUESTED,
                                proof.withDefaultPurpose(channel, null), actor, now));
                    });
                }))
                .flatMap(leadId -> leadId != null ? consentOf(leadId) : Uni.createFrom().nullItem());
    }

    /**
     * Asks the person to confirm a grant (double opt-in; also the way back to a withdrawn channel): nothing is granted
     * until they do. Null for an unknown lead; 409 consent-granted when the channel is granted already.
     */
    public Uni<Requested> requestConfirmation(UUID requested, ConsentChannel channel, String source,
            ConsentProof shown, Actor actor) {
        Instant now = Timestamps.now();
        return transactions.commit(tx -> survivor(tx, requested).flatMap(lead -> {
            if (lead == null) {
                return Uni.createFrom().nullItem();
            }
            return consents.current(tx, lead.leadId()).flatMap(current -> {
                Consents.State state = current.get(channel);
                if (state != null && state.granted()) {
                    throw ProblemException.conflict("consent-granted", "lead " + lead.leadId() + " already granted "
                            + channel + " consent; there is nothing to confirm");
                }
                return requestConfirmation(tx, lead.leadId(), channel, source, shown.withDefaultPurpose(channel, null),
                        actor.id(), now);
            });
        }));
    }

    /**
     * Stores a confirmation for the lead in the caller's transaction, for what {@code shown} says the person was shown;
     * the token is returned, never stored.
     */
    public Uni<Requested> requestConfirmation(SqlClient tx, UUID leadId, ConsentChannel channel, String source,
            ConsentProof shown, String actorId, Instant now) {
        String token = ConsentConfirmation.newToken();
        ConsentConfirmation confirmation = ConsentConfirmation.requested(leadId, channel, source, shown, actorId, now);
        return consents.requestConfirmation(tx, ConsentConfirmation.hash(token), confirmation)
                .replaceWith(new Requested(leadId, channel, token, confirmation.expiresAt()));
    }

    /**
     * The person confirms with their token (from their client's address and user agent, when given): the channel is
     * granted (even one they withdrew: this is their own action) and published. Confirming again changes nothing. 404
     * for a token that was never issued, 409 confirmation-expired past its validity.
     */
    public Uni<ConsentRecord> confirm(String token, String clientIp, String userAgent, Actor actor) {
        byte[] hash = ConsentConfirmation.hash(token);
        Instant now = Timestamps.now();
        return transactions.commit(tx -> consents.confirmationForUpdate(tx, hash).flatMap(confirmation -> {
                    if (confirmation == null) {
                        throw ProblemException.notFound("confirmation", "with this token");
                    }
                    confirmation.requireConfirmableAt(now);
                    return survivor(tx, confirmation.leadId()).flatMap(lead -> {
                        if (confirmation.confirmed()) {
                            return Uni.createFrom().item(lead.leadId());
                        }
                        return consents.current(tx, lead.leadId()).flatMap(current -> {
                            Consents.State state = current.get(confirmation.channel());
                            Uni<UUID> granted = state != null && state.granted()
                                    ? Uni.createFrom().item(lead.leadId())
                                    : record(tx, lead, current, confirmation.channel(), true,
                                            confirmation.grantSource(), Consents.CONFIRMED,
                                            confirmation.proofConfirmedFrom(clientIp, userAgent), actor, now);
                            return granted.call(() -> consents.markConfirmed(tx, hash, now));
                        });
                    });
                }))
                .flatMap(this::consentOf);
    }

    /** Null for an unknown lead; a merged-away lead's is the lead it was merged into. */
    public Uni<ConsentRecord> get(UUID leadId) {
        return leads.find(pool, leadId).flatMap(lead -> lead == null ? Uni.createFrom().nullItem()
                : consentOf(lead.mergedInto() != null ? lead.mergedInto() : leadId));
    }

    /** The lead, or the lead it was merged into, locked; null for an unknown lead. */
    private Uni<Lead> survivor(SqlClient tx, UUID requested) {
        return leads.findForUpdate(tx, requested).flatMap(found -> leads.survivorForUpdate(tx, found));
    }

    /**
     * Records a change of one channel and appends its consent-changed event; the lead's id. The event names only the
     * kind of source ({@code kind}): the caller's own words stay in the consent rows, where an erasure reaches them.
     */
    private Uni<UUID> record(SqlClient tx, Lead lead, Map<ConsentChannel, Consents.State> current,
            ConsentChannel channel, boolean granted, String source, String kind, ConsentProof proof, Actor actor,
            Instant now) {
        UUID leadId = lead.leadId();
        return consents.record(tx, leadId, channel, granted, source, actor, proof, now)
                .flatMap(v -> outbox.append(tx, events.lifecycle(leadId, lead.stage(), lead.stage(), actor,
                        granted ? "granted" : "withdrawn", "consent:" + UUID.randomUUID(), lead.seq(), now,
                        new LifecycleDetails.ConsentChanged(channel.name(), granted, kind,
                                Consents.snapshot(current, channel, granted)))))
                .replaceWith(leadId);
    }

    private Uni<ConsentRecord> consentOf(UUID leadId) {
        return consents.current(pool, leadId).flatMap(current -> consents.history(pool, leadId)
                .flatMap(history -> consents.pending(pool, leadId, Timestamps.now())
                        .map(pending -> new ConsentRecord(leadId, current, history, pending))));
    }
}
