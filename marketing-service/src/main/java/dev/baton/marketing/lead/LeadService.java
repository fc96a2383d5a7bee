package dev.baton.marketing.lead;

import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.EventTypes;
import dev.baton.contract.LifecycleDetails;
import dev.baton.contract.Stage;
import dev.baton.marketing.campaign.CampaignService;
import dev.baton.marketing.lead.domain.ActionOutcome;
import dev.baton.marketing.lead.domain.BoundaryRefusal;
import dev.baton.contract.ConsentChannel;
import dev.baton.marketing.lead.domain.Consents;
import dev.baton.marketing.lead.domain.Conversion;
import dev.baton.marketing.lead.domain.ConversionKind;
import dev.baton.marketing.lead.domain.Emails;
import dev.baton.marketing.lead.domain.HandoffRefusal;
import dev.baton.marketing.lead.domain.Lead;
import dev.baton.marketing.lead.persistence.ConsentRepository;
import dev.baton.marketing.lead.persistence.LeadRepository;
import dev.baton.marketing.scoring.domain.Score;
import dev.baton.marketing.scoring.domain.ScoreCalculator;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.outbox.Transactions;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.time.Timestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.UUID;

/**
 * Conversions (ANONYMOUS to KNOWN), scoring and qualification (KNOWN to QUALIFIED), and asking again for a refused
 * handoff. Every state change and its lifecycle events are committed in one transaction (the outbox).
 */
@ApplicationScoped
public class LeadService {

    private final Pool pool;
    private final Transactions transactions;
    private final LeadRepository leads;
    private final ConsentRepository consents;
    private final ConsentService consentService;
    private final LeadEvents events;
    private final Outbox outbox;
    private final CampaignService campaigns;
    private final ScoreCalculator scoring;

    public LeadService(Pool pool, Transactions transactions, LeadRepository leads, ConsentRepository consents,
            ConsentService consentService, LeadEvents events, Outbox outbox, CampaignService campaigns,
            ScoreCalculator scoring) {
        this.pool = pool;
        this.transactions = transactions;
        this.leads = leads;
        this.consents = consents;
        this.consentService = consentService;
        this.events = events;
        this.outbox = outbox;
        this.campaigns = campaigns;
        this.scoring = scoring;
    }

    /**
     * The result of a conversion: the lead, whether this call created it, and the confirmation the person must give
     * for the consent of a newsletter signup (double opt-in; null otherwise).
     */
    public record Converted(UUID leadId, Stage stage, boolean created, ConsentService.Requested confirmation) {
    }

    /** A lead as {@code GET /leads/{id}} shows it: its score now (engagement decays) and its consent per channel. */
    public record LeadDetails(Lead lead, List<String> visitorIds, long engagementCount, Score score,
            Map<ConsentChannel, Consents.State> consent) {
    }

    /** The lead, or null when there is none. */
    public Uni<Lead> find(UUID leadId) {
        return leads.find(pool, leadId);
    }

    public Uni<LeadDetails> details(Lead lead) {
        UUID id = lead.leadId();
        return leads.visitorIds(pool, id).flatMap(visitors -> leads.engagementCount(pool, id)
                .flatMap(count -> leads.engagementOf(pool, id)
                        .flatMap(engagement -> consents.current(pool, id).map(consent -> new LeadDetails(lead,
                                visitors, count, scoring.score(lead.profile().forScoring(), engagement,
                                        Timestamps.now()), consent)))));
    }

    /** Creates the lead of a new email (KNOWN), or completes the one that has it; 422 for an invalid email. */
    public Uni<Converted> convert(Conversion conversion, Actor actor) {
        String email = Emails.normalise(conversion.email());
        if (conversion.isIncompleteReferral()) {
            return Uni.createFrom().failure(ProblemException.unprocessable("referral-incomplete",
                    "a REFERRAL names referrerLeadId and referringRepId"));
        }
        return transactions.commit(tx -> referrerChecked(tx, conversion)
                        .flatMap(v -> campaigns.attribution(tx, conversion.campaignId(), conversion.utm()))
                        .flatMap(campaignId -> leads.findByEmailForUpdate(tx, email)
                                // A merged-away lead's email finds the lead it was merged into.
                                .flatMap(found -> leads.survivorForUpdate(tx, found))
                                .flatMap(existing -> existing != null
                                        ? convertAgain(tx, existing, conversion, campaignId, actor)
                                        : convertNew(tx, email, conversion, campaignId, actor))))
                // Two first conversions of one email at once: the loser rolls back and finds the winner's lead.
                .onFailure(LeadService::isConcurrentInsert).retry().atMost(2);
    }

    /**
     * A REFERRAL's referrer, as marketing's projection of the lifecycle knows it: a won or retained customer of the
     * referring rep (422 when unknown, 409 otherwise). Other conversions pass.
     */
    private Uni<Void> referrerChecked(SqlClient tx, Conversion conversion) {
        if (conversion.kind() != ConversionKind.REFERRAL) {
            return Uni.createFrom().voidItem();
        }
        return leads.find(tx, conversion.referrerLeadId())
                .flatMap(found -> found == null || found.mergedInto() == null ? Uni.createFrom().item(found)
                        : leads.find(tx, found.mergedInto()))
                .invoke(referrer -> {
                    if (referrer == null) {
                        throw ProblemException.unprocessable("referrer-unknown", "no lead "
                                + conversion.referrerLeadId() + " to refer anyone");
                    }
                    referrer.requireReferrerFor(conversion.referringRepId());
                })
                .replaceWithVoid();
    }

    private Uni<Converted> convertNew(SqlClient tx, String email, Conversion conversion, UUID campaignId, Actor actor) {
        UUID leadId = UUID.randomUUID();
        Instant now = Timestamps.now();
        ConversionKind kind = conversion.kind();
        return leads.insert(tx, leadId, email, kind.name(), conversion.profile(), conversion.referrerLeadId(),
                        conversion.referringRepId(), now)
                .flatMap(inserted -> {
                    if (!inserted) {
                        return Uni.createFrom().failure(new ConcurrentConversion());
                    }
                    List<CloudEvent> out = new ArrayList<>();
                    LifecycleDetails.Identified details = new LifecycleDetails.Identified(kind.name(),
                            campaignId == null ? null : campaignId.toString(),
                            conversion.referrerLeadId() == null ? null : conversion.referrerLeadId().toString(),
                            conversion.referringRepId());
                    CloudEvent identified = events.lifecycle(leadId, Stage.ANONYMOUS, Stage.KNOWN, actor,
                            "conversion " + kind.name(), "conversion:" + UUID.randomUUID(), 1, now, details);
                    out.add(identified);
                    Uni<Void> steps = leads.recordStage(tx, leadId, 1, EventTypes.IDENTIFIED, Stage.ANONYMOUS,
                                    Stage.KNOWN, now)
                            .flatMap(v -> leads.completeName(tx, leadId, conversion.name()))
                            .flatMap(v -> leads.recordConversion(tx, leadId, kind.name(), campaignId,
                                    conversion.source(), now));
                    AtomicReference<ConsentService.Requested> confirmation = new AtomicReference<>();
                    if (conversion.consent() && kind.confirmsConsent()) {
                        steps = steps.flatMap(v -> consentService.requestConfirmation(tx, leadId, ConsentChannel.EMAIL,
                                Consents.ofConversion(kind), conversion.emailConsentProof(), actor.id(), now))
                                .invoke(confirmation::set).replaceWithVoid();
                    } else if (conversion.consent()) {
                        steps = steps.flatMap(v -> consents.record(tx, leadId, ConsentChannel.EMAIL, true,
                                Consents.ofConversion(kind), actor, conversion.emailConsentProof(), now));
                    }
                    if (conversion.visitorId() != null) {
                        steps = steps.flatMap(v -> leads.stitchVisitor(tx, conversion.visitorId(), leadId));
                    }
                    return steps.flatMap(v -> leads.findForUpdate(tx, leadId))
                            .flatMap(lead -> afterConversion(tx, lead, kind, actor, identified.id(), now, out))
                            .flatMap(stage -> outbox.append(tx, out)
                                    .replaceWith(() -> new Converted(leadId, stage, true, confirmation.get())));
                });
    }

    private Uni<Converted> convertAgain(SqlClient tx, Lead lead, Conversion conversion, UUID campaignId, Actor actor) {
        Instant now = Timestamps.now();
        Uni<Void> steps = leads.completeProfile(tx, lead.leadId(), conversion.profile())
                .flatMap(v -> leads.completeName(tx, lead.leadId(), conversion.name()))
                .flatMap(v -> leads.recordConversion(tx, lead.leadId(), conversion.kind().name(), campaignId,
                        conversion.source(), now));
        if (conversion.visitorId() != null) {
            steps = steps.flatMap(v -> leads.stitchVisitor(tx, conversion.visitorId(), lead.leadId()));
        }
        List<CloudEvent> out = new ArrayList<>();
        AtomicReference<ConsentService.Requested> confirmation = new AtomicReference<>();
        if (conversion.consent()) {
            steps = steps.flatMap(v -> grantAtConversion(tx, lead, conversion, actor, now, out))
                    .invoke(confirmation::set).replaceWithVoid();
        }
        return steps.flatMap(v -> leads.findForUpdate(tx, lead.leadId()))
                .flatMap(current -> afterConversion(tx, current, conversion.kind(), actor,
                        "conversion:" + UUID.randomUUID(), now, out))
                .flatMap(stage -> outbox.append(tx, out)
                        .replaceWith(() -> new Converted(lead.leadId(), stage, false, confirmation.get())));
    }

    /**
     * The email consent a known person gives again with a conversion: recorded as proof, and published (consent-changed)
     * when it was not granted before; nothing when they withdrew it (a withdrawal wins over any later conversion). A
     * newsletter signup asks for the person's confirmation instead (returned) unless the channel is granted already:
     * their confirmation may turn even a withdrawn channel back on, since it is their own action.
     */
    private Uni<ConsentService.Requested> grantAtConversion(SqlClient tx, Lead lead, Conversion conversion, Actor actor,
            Instant now, List<CloudEvent> out) {
        ConversionKind kind = conversion.kind();
        return consents.current(tx, lead.leadId()).flatMap(current -> {
            Consents.State email = current.get(ConsentChannel.EMAIL);
            if (kind.confirmsConsent()) {
                return email != null && email.granted() ? Uni.createFrom().nullItem()
                        : consentService.requestConfirmation(tx, lead.leadId(), ConsentChannel.EMAIL,
                                Consents.ofConversion(kind), conversion.emailConsentProof(), actor.id(), now);
            }
            if (!Consents.mayBeGranted(email)) {
                return Uni.createFrom().nullItem();
            }
            String source = Consents.ofConversion(kind);
            if (email == null) {
                out.add(events.lifecycle(lead.leadId(), lead.stage(), lead.stage(), actor, "granted",
                        "consent:" + UUID.randomUUID(), lead.seq(), now,
                        new LifecycleDetails.ConsentChanged(ConsentChannel.EMAIL.name(), true, source,
                                Consents.snapshot(current, ConsentChannel.EMAIL, true))));
            }
            return consents.record(tx, lead.leadId(), ConsentChannel.EMAIL, true, source, actor,
                            conversion.emailConsentProof(), now)
                    .replaceWith((ConsentService.Requested) null);
        });
    }

    /** High intent (consultation, referral) qualifies at once; otherwise the score decides. Returns the stage after. */
    private Uni<Stage> afterConversion(SqlClient tx, Lead lead, ConversionKind kind, Actor actor, String causation,
            Instant now, List<CloudEvent> out) {
        if (kind.qualifiesAtOnce() && lead.mayBeQualified()) {
            return evaluate(tx, lead, now).flatMap(score -> qualifyLocked(tx, lead, actor,
                            kind.qualificationReason(), kind.qualificationTrigger(), causation, score, now, out))
                    .replaceWith(Stage.QUALIFIED);
        }
        return reevaluate(tx, lead, actor, causation, now, out);
    }

    /**
     * Recomputes a locked lead's score, stores it, and qualifies the lead when the score crosses the threshold with the
     * required fit data, consent, and marketing owning it. Returns the stage after.
     */
    public Uni<Stage> reevaluate(SqlClient tx, Lead lead, Actor actor, String causation, Instant now,
            List<CloudEvent> out) {
        return evaluate(tx, lead, now).flatMap(score -> {
            if (lead.mayBeQualified() && score.qualifies()) {
                return qualifyLocked(tx, lead, actor, "score " + score.total() + " reached " + score.threshold(),
                        "SCORE", causation, score, now, out).replaceWith(Stage.QUALIFIED);
            }
            return Uni.createFrom().item(lead.stage());
        });
    }

    /** The lead's score now, stored on the lead. */
    private Uni<Score> evaluate(SqlClient tx, Lead lead, Instant now) {
        return leads.engagementOf(tx, lead.leadId())
                .map(engagement -> scoring.score(lead.profile().forScoring(), engagement, now))
                .call(score -> leads.setScore(tx, lead.leadId(), BigDecimal.valueOf(score.total())));
    }

    /** A marketer's manual qualification. 409 unless the lead is KNOWN, marketing's, and contactable. */
    public Uni<ActionOutcome<Lead>> qualify(UUID leadId, Actor actor, String reason) {
        return transactions.commit(tx -> leads.findForUpdate(tx, leadId).flatMap(lead -> {
            if (lead == null) {
                throw ProblemException.notFound("lead", leadId.toString());
            }
            if (!lead.marketingMayAct()) {
                return refuse(tx, lead, actor, "QUALIFY").map(ActionOutcome::<Lead>refused);
            }
            if (lead.stage() != Stage.KNOWN) {
                throw ProblemException.conflict("wrong-stage",
                                "lead " + leadId + " is " + lead.stage() + "; only a KNOWN lead can be qualified")
                        .with("stage", lead.stage().name());
            }
            if (!lead.consentToContact()) {
                throw noConsent(leadId);
            }
            List<CloudEvent> out = new ArrayList<>();
            Instant now = Timestamps.now();
            return evaluate(tx, lead, now)
                    .flatMap(score -> qualifyLocked(tx, lead, actor, "qualified by a marketer", "MANUAL",
                            "qualify:" + UUID.randomUUID(), score, now, out))
                    .flatMap(v -> leads.writeNote(tx, leadId, lead.nextSequence(), EventTypes.QUALIFIED, reason,
                            actor, now))
                    .flatMap(v -> outbox.append(tx, out))
                    .flatMap(v -> leads.find(tx, leadId))
                    .map(ActionOutcome::done);
        }));
    }

    /**
     * A marketer asks again for the handoff of a qualified lead whose handoff was refused (the person consented since,
     * marketing re-sent what the handoff service did not know, a rep may be free now): {@code handoff-requested}, the
     * next sequence number, which the handoff service answers as it answers {@code qualified}. The lead is pending
     * again until then. 409 while the handoff service retries it itself (waiting for a rep), while sales owns it
     * (audited), unless it is QUALIFIED with a refusal a new request can change, and without consent.
     */
    public Uni<ActionOutcome<Lead>> requestHandoff(UUID leadId, Actor actor, String reason) {
        return transactions.commit(tx -> leads.findForUpdate(tx, leadId).flatMap(lead -> {
            if (lead == null) {
                throw ProblemException.notFound("lead", leadId.toString());
            }
            HandoffRefusal refusal = lead.handoffRefusal();
            if (refusal != null && refusal.retrying() && lead.handoffPending()) {
                throw ProblemException.conflict("handoff-waiting", "the handoff of lead " + leadId
                                + " waits for a rep: the handoff service tries it again until one is available")
                        .with("reasonCode", refusal.reasonCode()).with("refusedAt", refusal.refusedAt().toString());
            }
            if (!lead.marketingMayAct()) {
                return refuse(tx, lead, actor, "HANDOFF_REQUEST").map(ActionOutcome::<Lead>refused);
            }
            if (lead.stage() != Stage.QUALIFIED || refusal == null) {
                throw ProblemException.conflict("no-refused-handoff", "lead " + leadId
                        + " has no refused handoff to ask for again (it is " + lead.stage() + ")");
            }
            if (!refusal.askableAgain()) {
                throw ProblemException.conflict("refusal-final", "the handoff of lead " + leadId + " was refused with "
                                + refusal.reasonCode() + ", which a new request cannot change")
                        .with("reasonCode", refusal.reasonCode());
            }
            if (!lead.consentToContact()) {
                throw noConsent(leadId);
            }
            long next = lead.nextSequence();
            return handoffFacts(tx, lead).flatMap(facts -> {
                CloudEvent requested = events.lifecycle(leadId, lead.stage(), lead.stage(),
                        actor, "asked again after " + refusal.reasonCode(),
                        "handoff-request:" + UUID.randomUUID(), next, Timestamps.now(),
                        new LifecycleDetails.HandoffRequested(refusal.reasonCode(), true, facts.country(),
                                facts.referringRepId(), facts.channels()));
                return leads.requestHandoff(tx, leadId, next)
                        .flatMap(x -> leads.writeNote(tx, leadId, next, EventTypes.HANDOFF_REQUESTED, reason, actor,
                                requested.time()))
                        .flatMap(x -> outbox.append(tx, requested))
                        .flatMap(x -> leads.find(tx, leadId))
                        .map(ActionOutcome::done);
            });
        }));
    }

    /**
     * Refuses a prospect action while marketing may not act on the lead: the audited {@code marketing-send-blocked}
     * event is appended in the caller's transaction, and the refusal returned to be answered after the commit.
     */
    public Uni<BoundaryRefusal> refuse(SqlClient tx, Lead lead, Actor actor, String action) {
        BoundaryRefusal refusal = BoundaryRefusal.of(lead, action);
        CloudEvent event = events.lifecycle(lead.leadId(), lead.stage(), lead.stage(), actor,
                "sales owns this lead", "blocked:" + UUID.randomUUID(), lead.seq(), Timestamps.now(),
                new LifecycleDetails.MarketingSendBlocked(action, refusal.owner()));
        return outbox.append(tx, event).replaceWith(refusal);
    }

    private Uni<Void> qualifyLocked(SqlClient tx, Lead lead, Actor actor, String reason, String trigger,
            String causationId, Score score, Instant at, List<CloudEvent> out) {
        long next = lead.nextSequence();
        return handoffFacts(tx, lead).flatMap(facts -> {
            out.add(events.lifecycle(lead.leadId(), lead.stage(), Stage.QUALIFIED, actor, reason, causationId, next, at,
                    new LifecycleDetails.Qualified(score.total(), trigger, true, facts.country(),
                            facts.referringRepId(), null, facts.channels())));
            return leads.moveStage(tx, lead.leadId(), Stage.QUALIFIED, next, true, at)
                    .flatMap(x -> leads.recordStage(tx, lead.leadId(), next, EventTypes.QUALIFIED, lead.stage(),
                            Stage.QUALIFIED, at));
        });
    }

    /** What a handoff carries: the country (territory), the referring rep and the consent per channel. */
    private Uni<HandoffFacts> handoffFacts(SqlClient tx, Lead lead) {
        return leads.referringRep(tx, lead.leadId()).flatMap(rep -> consents.current(tx, lead.leadId())
                .map(current -> new HandoffFacts(lead.profile().country(), rep, Consents.snapshot(current))));
    }

    private record HandoffFacts(String country, String referringRepId, Map<ConsentChannel, Boolean> channels) {
    }

    private static ProblemException noConsent(UUID leadId) {
        return ProblemException.conflict("no-consent", "lead " + leadId + " has not consented to be contacted");
    }

    private static boolean isConcurrentInsert(Throwable failure) {
        return failure instanceof ConcurrentConversion
                || failure instanceof PgException pg && "23505".equals(pg.getSqlState());
    }

    private static final class ConcurrentConversion extends RuntimeException {
        ConcurrentConversion() {
            super("the same email converted concurrently", null, false, false);
        }
    }
}
