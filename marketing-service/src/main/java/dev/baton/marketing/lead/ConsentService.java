package dev.baton.marketing.lead;

import dev.baton.contract.Actor;
import dev.baton.contract.LifecycleDetails;
import dev.baton.contract.ConsentChannel;
import dev.baton.marketing.lead.domain.Consents;
import dev.baton.marketing.lead.persistence.ConsentRepository;
import dev.baton.marketing.lead.persistence.LeadRepository;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.outbox.Transactions;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.time.Timestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
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

    /** The consent of a lead: the current state per channel and every change. */
    public record ConsentRecord(UUID leadId, Map<ConsentChannel, Consents.State> current,
            List<Consents.Change> history) {
    }

    /**
     * Records the change and its event on the lead, or on the lead it was merged into (the person's consent lives
     * there, as their conversions do); null (nothing recorded) for an unknown lead.
     */
    public Uni<ConsentRecord> change(UUID requested, ConsentChannel channel, boolean granted, String source,
            Actor actor) {
        Instant now = Timestamps.now();
        return transactions.commit(tx -> leads.findForUpdate(tx, requested)
                .flatMap(found -> leads.survivorForUpdate(tx, found))
                .flatMap(lead -> {
                    if (lead == null) {
                        return Uni.createFrom().<UUID>nullItem();
                    }
                    UUID leadId = lead.leadId();
                    return consents.current(tx, leadId).flatMap(current -> {
                        if (granted && !Consents.mayBeGranted(current.get(channel))) {
                            throw ProblemException.conflict("consent-withdrawn", "the person withdrew " + channel
                                    + " consent (" + current.get(channel).source() + "); only their own confirmed"
                                    + " action can grant it again");
                        }
                        return consents.record(tx, leadId, channel, granted, source, actor.id(), now)
                            .flatMap(v -> outbox.append(tx, events.lifecycle(leadId, lead.stage(),
                                    lead.stage(), actor, granted ? "granted" : "withdrawn",
                                    "consent:" + UUID.randomUUID(), lead.seq(), now,
                                    new LifecycleDetails.ConsentChanged(channel.name(), granted, source,
                                            Consents.snapshot(current, channel, granted)))))
                            .replaceWith(leadId);
                    });
                }))
                .flatMap(leadId -> leadId != null ? consentOf(leadId) : Uni.createFrom().nullItem());
    }

    /** Null for an unknown lead; a merged-away lead's is the lead it was merged into. */
    public Uni<ConsentRecord> get(UUID leadId) {
        return leads.find(pool, leadId).flatMap(lead -> lead == null ? Uni.createFrom().nullItem()
                : consentOf(lead.mergedInto() != null ? lead.mergedInto() : leadId));
    }

    private Uni<ConsentRecord> consentOf(UUID leadId) {
        return consents.current(pool, leadId).flatMap(current -> consents.history(pool, leadId)
                .map(history -> new ConsentRecord(leadId, current, history)));
    }
}
