package dev.baton.marketing.lead;

import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.Owner;
import dev.baton.contract.Stage;
import dev.baton.marketing.campaign.Campaigns;
import dev.baton.marketing.consent.ConsentChannel;
import dev.baton.marketing.consent.Consents;
import dev.baton.marketing.scoring.Score;
import dev.baton.marketing.scoring.ScoreCalculator;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Conversions (ANONYMOUS to KNOWN), scoring and qualification (KNOWN to QUALIFIED). Every state change and its
 * lifecycle events are committed in one transaction (the outbox).
 */
@ApplicationScoped
public class LeadService {

    private final Pool pool;
    private final LeadRepository leads;
    private final LeadEvents events;
    private final Outbox outbox;
    private final Consents consents;
    private final Campaigns campaigns;
    private final ScoreCalculator scoring;

    public LeadService(Pool pool, LeadRepository leads, LeadEvents events, Outbox outbox, Consents consents,
            Campaigns campaigns, ScoreCalculator scoring) {
        this.pool = pool;
        this.leads = leads;
        this.events = events;
        this.outbox = outbox;
        this.consents = consents;
        this.campaigns = campaigns;
        this.scoring = scoring;
    }

    /** The result of a conversion: the lead, and whether this call created it. */
    public record Conversion(UUID leadId, Stage stage, boolean created) {
    }

    public Uni<Conversion> convert(ConversionRequest request, Actor actor) {
        String email = Emails.normalise(request.email());
        if (request.kind() == ConversionKind.REFERRAL
                && (request.referrerLeadId() == null || request.referringRepId() == null)) {
            return Uni.createFrom().failure(ProblemException.unprocessable("referral-incomplete",
                    "a REFERRAL names referrerLeadId and referringRepId"));
        }
        Profile profile = new Profile(request.company(), request.companySize(), request.role(), request.country());
        return pool.withTransaction(tx -> campaigns.resolve(tx, request.campaignId(), request.utmSource(),
                                request.utmMedium(), request.utmCampaign())
                        .flatMap(campaignId -> leads.findByEmailForUpdate(tx, email)
                                // A merged-away lead's email finds the lead it was merged into.
                                .flatMap(found -> found == null || found.mergedInto() == null
                                        ? Uni.createFrom().item(found) : leads.findForUpdate(tx, found.mergedInto()))
                                .flatMap(existing -> existing != null
                                        ? convertAgain(tx, existing, request, profile, campaignId, actor)
                                        : convertNew(tx, email, request, profile, campaignId, actor))))
                // Two first conversions of one email at once: the loser rolls back and finds the winner's lead.
                .onFailure(LeadService::isConcurrentInsert).retry().atMost(2)
                .invoke(outbox::committed);
    }

    private Uni<Conversion> convertNew(SqlClient tx, String email, ConversionRequest request, Profile profile,
            UUID campaignId, Actor actor) {
        UUID leadId = UUID.randomUUID();
        Instant now = now();
        ConversionKind kind = request.kind();
        return leads.insert(tx, leadId, email, kind.name(), profile, request.referrerLeadId(), request.referringRepId(), now)
                .flatMap(inserted -> {
                    if (!inserted) {
                        return Uni.createFrom().failure(new ConcurrentConversion());
                    }
                    List<CloudEvent> out = new ArrayList<>();
                    Map<String, Object> details = new HashMap<>();
                    details.put("conversionKind", kind.name());
                    details.put("visitorId", request.visitorId());
                    details.put("campaignId", campaignId == null ? null : campaignId.toString());
                    details.put("referrerLeadId", request.referrerLeadId() == null ? null : request.referrerLeadId().toString());
                    details.put("referringRepId", request.referringRepId());
                    details.values().removeIf(java.util.Objects::isNull);
                    CloudEvent identified = events.lifecycle("identified", leadId, Stage.ANONYMOUS, Stage.KNOWN, actor,
                            "conversion " + kind.name(), "conversion:" + UUID.randomUUID(), 1, now, details);
                    out.add(identified);
                    Uni<Void> steps = leads.recordStage(tx, leadId, 1, "identified", Stage.ANONYMOUS, Stage.KNOWN, now)
                            .flatMap(v -> leads.completeName(tx, leadId, request.name()))
                            .flatMap(v -> leads.recordConversion(tx, leadId, kind.name(), campaignId, source(request), now));
                    if (request.consent()) {
                        steps = steps.flatMap(v -> consents.record(tx, leadId, ConsentChannel.EMAIL, true,
                                "conversion:" + kind.name(), actor.id(), now));
                    }
                    if (request.visitorId() != null) {
                        steps = steps.flatMap(v -> leads.stitchVisitor(tx, request.visitorId(), leadId));
                    }
                    return steps.flatMap(v -> leads.findForUpdate(tx, leadId))
                            .flatMap(lead -> afterConversion(tx, lead, kind, actor, identified.id(), now, out))
                            .flatMap(stage -> outbox.append(tx, out).replaceWith(new Conversion(leadId, stage, true)));
                });
    }

    private Uni<Conversion> convertAgain(SqlClient tx, Lead lead, ConversionRequest request, Profile profile,
            UUID campaignId, Actor actor) {
        Instant now = now();
        Uni<Void> steps = leads.completeProfile(tx, lead.leadId(), profile)
                .flatMap(v -> leads.completeName(tx, lead.leadId(), request.name()))
                .flatMap(v -> leads.recordConversion(tx, lead.leadId(), request.kind().name(), campaignId,
                        source(request), now));
        if (request.visitorId() != null) {
            steps = steps.flatMap(v -> leads.stitchVisitor(tx, request.visitorId(), lead.leadId()));
        }
        if (request.consent()) {
            steps = steps.flatMap(v -> consents.record(tx, lead.leadId(), ConsentChannel.EMAIL, true,
                    "conversion:" + request.kind().name(), actor.id(), now));
        }
        List<CloudEvent> out = new ArrayList<>();
        return steps.flatMap(v -> leads.findForUpdate(tx, lead.leadId()))
                .flatMap(current -> afterConversion(tx, current, request.kind(), actor,
                        "conversion:" + UUID.randomUUID(), now, out))
                .flatMap(stage -> outbox.append(tx, out).replaceWith(new Conversion(lead.leadId(), stage, false)));
    }

    /** High intent (consultation, referral) qualifies at once; otherwise the score decides. Returns the stage after. */
    private Uni<Stage> afterConversion(SqlClient tx, Lead lead, ConversionKind kind, Actor actor, String causation,
            Instant now, List<CloudEvent> out) {
        boolean highIntent = kind == ConversionKind.CONSULTATION || kind == ConversionKind.REFERRAL;
        if (highIntent && lead.stage() == Stage.KNOWN && lead.marketingMayAct() && lead.consentToContact()) {
            String trigger = kind == ConversionKind.REFERRAL ? "REFERRAL" : "CONSULTATION";
            return evaluate(tx, lead, now).flatMap(score -> qualifyLocked(tx, lead, actor,
                            kind == ConversionKind.REFERRAL ? "referred by a customer" : "consultation requested",
                            trigger, causation, score, now, out))
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
            if (lead.stage() == Stage.KNOWN && lead.marketingMayAct() && lead.consentToContact() && score.qualifies()) {
                return qualifyLocked(tx, lead, actor, "score " + score.total() + " reached " + score.threshold(),
                        "SCORE", causation, score, now, out).replaceWith(Stage.QUALIFIED);
            }
            return Uni.createFrom().item(lead.stage());
        });
    }

    /** The lead's score now, stored on the lead. */
    public Uni<Score> evaluate(SqlClient tx, Lead lead, Instant now) {
        return leads.engagementOf(tx, lead.leadId())
                .map(engagement -> scoring.score(lead.profile().forScoring(), engagement, now))
                .call(score -> leads.setScore(tx, lead.leadId(), BigDecimal.valueOf(score.total())));
    }

    /** A marketer's manual qualification. 409 unless the lead is KNOWN, marketing's, and contactable. */
    public Uni<Lead> qualify(UUID leadId, Actor actor, String reason) {
        return pool.withTransaction(tx -> leads.findForUpdate(tx, leadId).<Object>flatMap(lead -> {
                    if (lead == null) {
                        return Uni.createFrom().failure(ProblemException.notFound("lead", leadId.toString()));
                    }
                    if (!lead.marketingMayAct()) {
                        return blocked(tx, lead, actor, "QUALIFY");
                    }
                    if (lead.stage() != Stage.KNOWN) {
                        return Uni.createFrom().failure(ProblemException.conflict("wrong-stage",
                                "lead " + leadId + " is " + lead.stage() + "; only a KNOWN lead can be qualified")
                                .with("stage", lead.stage().name()));
                    }
                    if (!lead.consentToContact()) {
                        return Uni.createFrom().failure(ProblemException.conflict("no-consent",
                                "lead " + leadId + " has not consented to be contacted"));
                    }
                    List<CloudEvent> out = new ArrayList<>();
                    Instant now = now();
                    return evaluate(tx, lead, now)
                            .flatMap(score -> qualifyLocked(tx, lead, actor,
                                    reason == null || reason.isBlank() ? "qualified by a marketer" : reason, "MANUAL",
                                    "qualify:" + UUID.randomUUID(), score, now, out))
                            .flatMap(v -> outbox.append(tx, out))
                            .flatMap(v -> leads.find(tx, leadId));
                }))
                .invoke(outbox::committed)
                .map(LeadService::orThrow);
    }

    /**
     * A marketer asks again for the handoff of a qualified lead whose handoff was refused (the person consented since,
     * marketing re-sent what the handoff service did not know, a rep may be free now): {@code handoff-requested}, the
     * next sequence number, which the handoff service answers as it answers {@code qualified}. The lead is pending
     * again until then. 409 while the handoff service retries it itself (waiting for a rep), while sales owns it
     * (audited), unless it is QUALIFIED with a refusal a new request can change, and without consent.
     */
    public Uni<Lead> requestHandoff(UUID leadId, Actor actor, String reason) {
        return pool.withTransaction(tx -> leads.findForUpdate(tx, leadId).<Object>flatMap(lead -> {
                    if (lead == null) {
                        return Uni.createFrom().failure(ProblemException.notFound("lead", leadId.toString()));
                    }
                    HandoffRefusal refusal = lead.handoffRefusal();
                    if (refusal != null && refusal.retrying() && lead.handoffPending()) {
                        return Uni.createFrom().failure(ProblemException.conflict("handoff-waiting", "the handoff of"
                                        + " lead " + leadId + " waits for a rep: the handoff service tries it again"
                                        + " until one is available")
                                .with("reasonCode", refusal.reasonCode()).with("refusedAt", refusal.refusedAt().toString()));
                    }
                    if (!lead.marketingMayAct()) {
                        return blocked(tx, lead, actor, "HANDOFF_REQUEST");
                    }
                    if (lead.stage() != Stage.QUALIFIED || refusal == null) {
                        return Uni.createFrom().failure(ProblemException.conflict("no-refused-handoff", "lead " + leadId
                                + " has no refused handoff to ask for again (it is " + lead.stage() + ")"));
                    }
                    if (!refusal.askableAgain()) {
                        return Uni.createFrom().failure(ProblemException.conflict("refusal-final", "the handoff of lead "
                                        + leadId + " was refused with " + refusal.reasonCode()
                                        + ", which a new request cannot change")
                                .with("reasonCode", refusal.reasonCode()));
                    }
                    if (!lead.consentToContact()) {
                        return Uni.createFrom().failure(ProblemException.conflict("no-consent",
                                "lead " + leadId + " has not consented to be contacted"));
                    }
                    long next = lead.seq() + 1;
                    Map<String, Object> details = new HashMap<>();
                    details.put("previousReasonCode", refusal.reasonCode());
                    details.put("consent", true);
                    if (lead.profile().country() != null) {
                        details.put("country", lead.profile().country());
                    }
                    return leads.referringRep(tx, leadId).flatMap(referringRep -> {
                        if (referringRep != null) {
                            details.put("referringRepId", referringRep);
                        }
                        CloudEvent requested = events.lifecycle("handoff-requested", leadId, lead.stage(), lead.stage(),
                                actor, reason == null || reason.isBlank() ? "asked again after " + refusal.reasonCode()
                                        : reason, "handoff-request:" + UUID.randomUUID(), next, now(), details);
                        return leads.requestHandoff(tx, leadId, next)
                                .flatMap(v -> outbox.append(tx, requested))
                                .flatMap(v -> leads.find(tx, leadId));
                    });
                }))
                .invoke(outbox::committed)
                .map(LeadService::orThrow);
    }

    /**
     * Refuses a prospect action while sales owns the lead (or a handoff is on its way): the audited
     * {@code marketing-send-blocked} event is committed, and the caller gets the refusal (409) after the commit.
     */
    public Uni<Object> blocked(SqlClient tx, Lead lead, Actor actor, String action) {
        String owner = lead.boundaryOwner() == Owner.SALES ? "SALES" : lead.mergedInto() != null ? "MERGED" : "HANDOFF_PENDING";
        CloudEvent event = events.lifecycle("marketing-send-blocked", lead.leadId(), lead.stage(), lead.stage(), actor,
                "sales owns this lead", "blocked:" + UUID.randomUUID(), lead.seq(), now(),
                Map.of("sendKind", action, "owner", owner));
        String why = switch (owner) {
            case "SALES" -> " is owned by sales";
            case "MERGED" -> " was merged into " + lead.mergedInto();
            default -> " is being handed off to sales";
        };
        ProblemException refusal = ProblemException.conflict("sales-owns-lead", "lead " + lead.leadId() + why
                        + "; marketing may not " + action.toLowerCase(Locale.ROOT).replace('_', ' ') + " it")
                .with("owner", owner);
        return outbox.append(tx, event).replaceWith(refusal);
    }

    /** Unwraps a transaction's result: a refusal committed with its audit event is thrown after the commit. */
    @SuppressWarnings("unchecked")
    public static <T> T orThrow(Object result) {
        if (result instanceof ProblemException refusal) {
            throw refusal;
        }
        return (T) result;
    }

    private Uni<Void> qualifyLocked(SqlClient tx, Lead lead, Actor actor, String reason, String trigger,
            String causationId, Score score, Instant at, List<CloudEvent> out) {
        long next = lead.seq() + 1;
        Map<String, Object> details = new HashMap<>();
        details.put("score", score.total());
        details.put("trigger", trigger);
        details.put("consent", true);
        if (lead.profile().country() != null) {
            details.put("country", lead.profile().country());
        }
        return leads.referringRep(tx, lead.leadId()).flatMap(referringRep -> {
            if (referringRep != null) {
                details.put("referringRepId", referringRep);
            }
            out.add(events.lifecycle("qualified", lead.leadId(), lead.stage(), Stage.QUALIFIED, actor, reason,
                    causationId, next, at, details));
            return leads.moveStage(tx, lead.leadId(), Stage.QUALIFIED, next, true, at)
                    .flatMap(v -> leads.recordStage(tx, lead.leadId(), next, "qualified", lead.stage(), Stage.QUALIFIED, at));
        });
    }

    private static String source(ConversionRequest request) {
        return request.utmSource() != null ? request.utmSource() : request.kind().name().toLowerCase(Locale.ROOT);
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
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
