package dev.baton.handoff.handoffs;

import dev.baton.contract.EventTypes;
import dev.baton.contract.LifecycleDetails;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Stage;
import dev.baton.handoff.assignment.RepAssignmentService;
import dev.baton.handoff.assignment.domain.Assignee;
import dev.baton.handoff.assignment.domain.AssignmentCriteria;
import dev.baton.handoff.handoffs.domain.Refusal;
import dev.baton.handoff.handoffs.domain.RetryOutcome;
import dev.baton.handoff.handoffs.domain.RetrySchedule;
import dev.baton.handoff.handoffs.domain.Waiting;
import dev.baton.handoff.handoffs.persistence.HandoffRetryRepository;
import dev.baton.handoff.ownership.ErasureService;
import dev.baton.handoff.ownership.OwnershipTransitions;
import dev.baton.handoff.ownership.Transition;
import dev.baton.handoff.ownership.domain.Ownership;
import dev.baton.handoff.ownership.domain.OwnershipProjection;
import dev.baton.handoff.sla.SlaService;
import dev.baton.handoff.sla.domain.SlaWindow;
import dev.baton.platform.consumer.LeadSequence;
import dev.baton.platform.time.Timestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;


/**
 * Hands qualified leads to sales: applies the lifecycle events of the other services to the registry and, for a
 * {@code qualified} (or {@code handoff-requested}) lead, refuses it with a reason or assigns a rep and publishes
 * {@code handed-off} with a fresh SLA window. A lead nobody could take waits for a rep ({@code handoff_retry}) and is
 * tried again with backoff ({@link RetrySchedule}) until someone does.
 */
@ApplicationScoped
public class HandoffService {

    private static final Logger LOG = Logger.getLogger(HandoffService.class);

    private final Pool pool;
    private final OwnershipTransitions transitions;
    private final RepAssignmentService assignment;
    private final SlaService sla;
    private final HandoffRetryRepository retries;
    private final RetrySchedule retrySchedule;
    private final ErasureService erasures;

    public HandoffService(Pool pool, OwnershipTransitions transitions, RepAssignmentService assignment, SlaService sla,
            HandoffRetryRepository retries, RetryConfig config, ErasureService erasures) {
        this.pool = pool;
        this.erasures = erasures;
        this.transitions = transitions;
        this.assignment = assignment;
        this.sla = sla;
        this.retries = retries;
        this.retrySchedule = new RetrySchedule(config.initialDelay(), config.maxDelay());
    }

    /**
     * Applies a lifecycle event published by another service, in the caller's transaction; a {@code qualified} lead
     * (or one a marketer asks for again after a refusal, {@code handoff-requested}) is then handed off or refused.
     */
    public Uni<Void> onLifecycle(SqlClient tx, LifecycleEvent event, String eventId) {
        UUID leadId = UUID.fromString(event.leadId());
        return transitions.lock(tx, leadId).flatMap(current -> {
            if (event.type() == EventTypes.ERASED) {
                // locked: a reassignment committing meanwhile is erased after it, one that comes later is refused
                OwnershipProjection.Step step = OwnershipProjection.apply(current, event, eventId, false);
                Uni<Void> row = step.ignored() ? Uni.createFrom().voidItem() : transitions.from(step).commit(tx);
                return row.flatMap(v -> erasures.erase(tx, event, eventId));
            }
            OwnershipProjection.Step step = OwnershipProjection.apply(current, event, eventId, false);
            if (step.ignored()) {
                if (current != null && event.advancesSequence()) {
                    LeadSequence.alreadyApplied(event, current.seq()); // logs the replay or late event
                }
                return Uni.createFrom().voidItem();
            }
            Transition transition = transitions.from(step);
            Uni<Void> decided = Uni.createFrom().voidItem();
            if (OwnershipProjection.asksForHandoff(event)) {
                decided = handOff(tx, transition, current, event, eventId);
            } else if (event.type() == EventTypes.CONSENT_CHANGED && Refusal.consentWithdrawnWhileWaiting(step.after())) {
                decided = retries.dueNow(tx, leadId, Timestamps.now()); // its retry refuses it at once
            }
            return decided.flatMap(v -> transition.commit(tx));
        });
    }

    /**
     * A qualified lead: refuse it with a reason, or assign a rep and hand it to sales. When nobody is available the
     * refusal says so ({@code NO_REP_AVAILABLE}, retrying) and the lead waits for a rep; the other refusals are final
     * until marketing asks again.
     */
    private Uni<Void> handOff(SqlClient tx, Transition t, Ownership before, LifecycleEvent qualified, String eventId) {
        Instant now = Timestamps.now();
        Refusal refusal = Refusal.before(before, qualified);
        if (refusal != null) {
            refuse(t, refusal, eventId, now, null);
            return Uni.createFrom().voidItem();
        }
        String country = t.state().country();
        String referringRepId = qualified.details(LifecycleDetails.HandoffAsked.class).referringRepId();
        AssignmentCriteria criteria = new AssignmentCriteria(country, referringRepId, Set.of());
        return assignment.choose(tx, criteria, now).flatMap(assignee -> {
            if (assignee == null) {
                Instant next = retrySchedule.nextAttempt(now, 1);
                refuse(t, Refusal.noRepAvailable(country), eventId, now, next);
                return retries.startWaiting(tx, new Waiting(t.state().leadId(), t.state().seq(), eventId,
                        referringRepId, Refusal.NO_REP_AVAILABLE, 1, now, now, next, country));
            }
            handOffTo(t, assignee, eventId, now, null);
            return Uni.createFrom().voidItem();
        });
    }

    /**
     * Tries the next due handoff that waits for a rep, if any, in the caller's transaction. The wait and the lead's
     * registry row are claimed together ({@code FOR UPDATE SKIP LOCKED}), so each attempt is made once however many
     * instances poll. A rep free now: {@code handed-off}, caused by the event the refusal answered, and the wait ends;
     * nobody yet: the next attempt is scheduled with backoff and nothing is published. A lead that moved since its
     * refusal no longer waits: the wait is dropped.
     *
     * @return what came of the attempt, or null when no wait was due
     */
    public Uni<RetryOutcome> retryNextHandoff(SqlClient tx, Instant now) {
        return retries.claimDue(tx, now).flatMap(due -> {
            if (due == null) {
                return Uni.createFrom().nullItem();
            }
            Waiting waiting = due.waiting();
            Ownership current = due.ownership();
            if (!Refusal.stillWaiting(current, waiting.seq())) {
                LOG.infof("lead %s no longer waits for a rep (now #%d, %s; refused at #%d): its retry ends",
                        current.leadId(), current.seq(), current.status(), waiting.seq());
                return retries.end(tx, current.leadId()).replaceWith(RetryOutcome.DROPPED);
            }
            if (Refusal.consentWithdrawnWhileWaiting(current)) {
                Transition t = transitions.from(current);
                refuse(t, Refusal.noConsent(), waiting.causationId(), now, null);
                return retries.end(tx, current.leadId()).flatMap(v -> t.commit(tx))
                        .replaceWith(RetryOutcome.REFUSED);
            }
            AssignmentCriteria criteria = new AssignmentCriteria(current.country(), waiting.referringRepId(),
                    Set.of());
            return assignment.choose(tx, criteria, now).flatMap(assignee -> {
                if (assignee == null) {
                    int attempts = waiting.attempts() + 1;
                    return retries.reschedule(tx, current.leadId(), attempts, now,
                            retrySchedule.nextAttempt(now, attempts)).replaceWith(RetryOutcome.STILL_WAITING);
                }
                Transition t = transitions.from(current);
                handOffTo(t, assignee, waiting.causationId(), now, waiting);
                return retries.end(tx, current.leadId()).flatMap(v -> t.commit(tx))
                        .replaceWith(RetryOutcome.HANDED_OFF);
            });
        });
    }

    /** Makes every wait due now (a start: the rep directory may have changed); how many there are. */
    public Uni<Integer> retryAllNow(SqlClient tx, Instant now) {
        return retries.dueNow(tx, now);
    }

    /** Leads waiting for a rep, the longest waiting first, after the one a previous page ended with (if any). */
    public Uni<List<Waiting>> waiting(Instant afterWaitingSince, UUID afterLead, int limit) {
        return retries.page(pool, afterWaitingSince, afterLead, limit);
    }

    /** How many leads wait for a rep. */
    public Uni<Long> waitingCount() {
        return retries.count(pool);
    }

    /** Publishes {@code handed-off} to {@code assignee}, with a fresh SLA window. */
    private void handOffTo(Transition t, Assignee assignee, String causationId, Instant now, Waiting waited) {
        Ownership s = t.state();
        SlaWindow window = sla.windowFrom(now);
        String reason = "assigned to " + assignee.repId() + " by " + assignee.policy();
        if (waited != null) {
            reason += " after waiting for a rep since " + waited.waitingSince();
        }
        Stage stage = s.stage();
        t.emit(new LifecycleEvent(s.leadId().toString(), stage, stage, transitions.system(), reason, causationId,
                s.seq() + 1, now, new LifecycleDetails.HandedOff(assignee.repId(), assignee.teamId(), window.dueAt(),
                        window.atRiskAt(), assignee.policy(), s.country(), waited == null ? null : waited.attempts(),
                        waited == null ? null : waited.waitingSince())));
    }

    /** Refuses the handoff; {@code nextAttemptAt} is when it is tried again, null when it is not. */
    private void refuse(Transition t, Refusal refusal, String eventId, Instant now, Instant nextAttemptAt) {
        Ownership s = t.state();
        Stage stage = s.stage();
        t.emit(new LifecycleEvent(s.leadId().toString(), stage, stage, transitions.system(), refusal.text(), eventId,
                s.seq() + 1, now, new LifecycleDetails.HandoffRefused(refusal.text(), refusal.code(),
                        nextAttemptAt != null, nextAttemptAt)));
        t.refusal(transitions.system(), "handoff refused: " + refusal.text(), eventId, now);
    }
}
