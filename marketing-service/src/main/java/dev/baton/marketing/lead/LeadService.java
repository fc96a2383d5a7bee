package dev.baton.marketing.lead;

import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.Stage;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Conversions (ANONYMOUS to KNOWN) and qualification (KNOWN to QUALIFIED). Every state change and its lifecycle events
 * are committed in one transaction (the outbox).
 */
@ApplicationScoped
public class LeadService {

    private final Pool pool;
    private final LeadRepository leads;
    private final LeadEvents events;
    private final Outbox outbox;

    public LeadService(Pool pool, LeadRepository leads, LeadEvents events, Outbox outbox) {
        this.pool = pool;
        this.leads = leads;
        this.events = events;
        this.outbox = outbox;
    }

    /** The result of a conversion: the lead, and whether this call created it. */
    public record Conversion(UUID leadId, Stage stage, boolean created) {
    }

    public Uni<Conversion> convert(String visitorId, String rawEmail, ConversionKind kind, boolean consent, Actor actor) {
        String email = Emails.normalise(rawEmail);
        return pool.withTransaction(tx -> leads.findByEmailForUpdate(tx, email)
                        .flatMap(existing -> existing != null
                                ? convertAgain(tx, existing, visitorId, kind, consent, actor)
                                : convertNew(tx, email, visitorId, kind, consent, actor)))
                // Two first conversions of one email at once: the loser finds the winner's lead on the retry.
                .onFailure(LeadService::isConcurrentInsert).retry().atMost(2)
                .invoke(outbox::committed);
    }

    private Uni<Conversion> convertNew(SqlClient tx, String email, String visitorId, ConversionKind kind,
            boolean consent, Actor actor) {
        UUID leadId = UUID.randomUUID();
        Instant now = now();
        return leads.insert(tx, leadId, email, consent, kind.name(), now).flatMap(inserted -> {
            if (!inserted) {
                return Uni.createFrom().failure(new ConcurrentConversion());
            }
            List<CloudEvent> out = new ArrayList<>();
            Map<String, Object> details = new HashMap<>();
            details.put("conversionKind", kind.name());
            if (visitorId != null) {
                details.put("visitorId", visitorId);
            }
            String causation = "conversion:" + UUID.randomUUID();
            out.add(events.lifecycle("identified", leadId, Stage.ANONYMOUS, Stage.KNOWN, actor,
                    "conversion " + kind.name(), causation, 1, now, details));
            Uni<Void> steps = leads.recordStage(tx, leadId, 1, "identified", Stage.ANONYMOUS, Stage.KNOWN, now);
            if (visitorId != null) {
                steps = steps.flatMap(v -> leads.stitchVisitor(tx, visitorId, leadId));
            }
            Stage stage = Stage.KNOWN;
            if (kind == ConversionKind.CONSULTATION && consent) {
                stage = Stage.QUALIFIED;
                CloudEvent identified = out.get(0);
                steps = steps.flatMap(v -> qualifyLocked(tx, leadId, Stage.KNOWN, 1, actor, "consultation requested",
                        "CONSULTATION", identified.id(), now, out));
            }
            Stage result = stage;
            return steps.flatMap(v -> outbox.append(tx, out)).replaceWith(new Conversion(leadId, result, true));
        });
    }

    private Uni<Conversion> convertAgain(SqlClient tx, Lead lead, String visitorId, ConversionKind kind,
            boolean consent, Actor actor) {
        Uni<Void> steps = Uni.createFrom().voidItem();
        if (visitorId != null) {
            steps = steps.flatMap(v -> leads.stitchVisitor(tx, visitorId, lead.leadId()));
        }
        if (consent && !lead.consentToContact()) {
            steps = steps.flatMap(v -> leads.grantConsent(tx, lead.leadId()));
        }
        boolean highIntent = kind == ConversionKind.CONSULTATION && (consent || lead.consentToContact())
                && lead.stage() == Stage.KNOWN && lead.marketingMayAct();
        if (!highIntent) {
            return steps.replaceWith(new Conversion(lead.leadId(), lead.stage(), false));
        }
        List<CloudEvent> out = new ArrayList<>();
        Instant now = now();
        return steps.flatMap(v -> qualifyLocked(tx, lead.leadId(), lead.stage(), lead.seq(), actor,
                        "consultation requested", "CONSULTATION", "conversion:" + UUID.randomUUID(), now, out))
                .flatMap(v -> outbox.append(tx, out))
                .replaceWith(new Conversion(lead.leadId(), Stage.QUALIFIED, false));
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
                    return qualifyLocked(tx, leadId, lead.stage(), lead.seq(), actor,
                            reason == null || reason.isBlank() ? "qualified by a marketer" : reason, "MANUAL",
                            "qualify:" + UUID.randomUUID(), now(), out)
                            .flatMap(v -> outbox.append(tx, out))
                            .flatMap(v -> leads.find(tx, leadId));
                }))
                .invoke(outbox::committed)
                .map(LeadService::orThrow);
    }

    /**
     * Refuses a prospect action while sales owns the lead (or a handoff is on its way): the audited
     * {@code marketing-send-blocked} event is committed, and the caller gets the refusal (409) after the commit.
     */
    Uni<Object> blocked(SqlClient tx, Lead lead, Actor actor, String action) {
        String owner = lead.owner() == dev.baton.contract.Owner.SALES ? "SALES" : "HANDOFF_PENDING";
        CloudEvent event = events.lifecycle("marketing-send-blocked", lead.leadId(), lead.stage(), lead.stage(), actor,
                "sales owns this lead", "blocked:" + UUID.randomUUID(), lead.seq(), now(),
                Map.of("sendKind", action, "owner", owner));
        ProblemException refusal = ProblemException.conflict("sales-owns-lead", "lead " + lead.leadId()
                        + (owner.equals("SALES") ? " is owned by sales" : " is being handed off to sales")
                        + "; marketing may not " + action.toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " it")
                .with("owner", owner);
        return outbox.append(tx, event).replaceWith(refusal);
    }

    /** Unwraps a transaction's result: a refusal committed with its audit event is thrown after the commit. */
    @SuppressWarnings("unchecked")
    static <T> T orThrow(Object result) {
        if (result instanceof ProblemException refusal) {
            throw refusal;
        }
        return (T) result;
    }

    private Uni<Void> qualifyLocked(SqlClient tx, UUID leadId, Stage from, long seq, Actor actor, String reason,
            String trigger, String causationId, Instant at, List<CloudEvent> out) {
        long next = seq + 1;
        out.add(events.lifecycle("qualified", leadId, from, Stage.QUALIFIED, actor, reason, causationId, next, at,
                Map.of("score", 0, "trigger", trigger)));
        return leads.moveStage(tx, leadId, Stage.QUALIFIED, next, true, at)
                .flatMap(v -> leads.recordStage(tx, leadId, next, "qualified", from, Stage.QUALIFIED, at));
    }

    private static Instant now() {
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
