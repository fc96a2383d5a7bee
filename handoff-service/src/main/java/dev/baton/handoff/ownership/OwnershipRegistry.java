package dev.baton.handoff.ownership;

import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.EventTypes;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Owner;
import dev.baton.contract.OwnershipChanged;
import dev.baton.contract.RejectReason;
import dev.baton.contract.Stage;
import dev.baton.handoff.HandoffConfig;
import dev.baton.handoff.assignment.RepAssignment;
import dev.baton.handoff.retry.RetrySchedule;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.consumer.LeadSequence;
import dev.baton.platform.outbox.Outbox;
import dev.baton.platform.security.TeamDirectory;
import dev.baton.platform.time.Timestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The only place where ownership of a lead changes. Each method runs inside the caller's transaction: it decides the
 * lifecycle events of the change, applies them to the row through {@link OwnershipProjection} (the rule the rebuild
 * replays), records every ownership change in the history, and appends the lifecycle and ownership events to the
 * outbox, all in that same transaction.
 */
@ApplicationScoped
public class OwnershipRegistry {

    private static final Logger LOG = Logger.getLogger(OwnershipRegistry.class);
    /** The one refusal that is retried: it says nothing about the lead, only that nobody could take it then. */
    private static final String NO_REP_AVAILABLE = "NO_REP_AVAILABLE";

    private final OwnershipRepository registry;
    private final RepAssignment assignment;
    private final TeamDirectory team;
    private final Outbox outbox;
    private final HandoffConfig config;
    private final HandoffRetryRepository retries;
    private final RetrySchedule retrySchedule;
    private final String service;

    public OwnershipRegistry(OwnershipRepository registry, RepAssignment assignment, TeamDirectory team, Outbox outbox,
            HandoffConfig config, HandoffRetryRepository retries, BatonConfig batonConfig) {
        this.registry = registry;
        this.assignment = assignment;
        this.team = team;
        this.outbox = outbox;
        this.config = config;
        this.retries = retries;
        this.retrySchedule = new RetrySchedule(config.retry().initialDelay(), config.retry().maxDelay());
        this.service = batonConfig.service();
    }

    /**
     * Applies a lifecycle event published by another service; a {@code qualified} lead (or one a marketer asks for
     * again after a refusal, {@code handoff-requested}) is then handed off or refused.
     */
    public Uni<Void> onLifecycle(SqlClient tx, LifecycleEvent event, String eventId) {
        UUID leadId = UUID.fromString(event.leadId());
        return registry.findForUpdate(tx, leadId).flatMap(current -> {
            OwnershipProjection.Step step = OwnershipProjection.apply(current, event, eventId, false);
            if (step.ignored()) {
                if (current != null && LifecycleEvent.advancesSequence(event.type())) {
                    LeadSequence.alreadyApplied(event, current.seq()); // logs the replay or late event
                }
                return Uni.createFrom().voidItem();
            }
            Transition transition = new Transition(step);
            Uni<Void> decided = asksForHandoff(event.type())
                    ? handOff(tx, transition, current, event, eventId)
                    : Uni.createFrom().voidItem();
            return decided.flatMap(v -> transition.commit(tx));
        });
    }

    static boolean asksForHandoff(String type) {
        return "qualified".equals(type) || "handoff-requested".equals(type);
    }

    /**
     * A qualified lead: refuse it with a reason, or assign a rep and hand it to sales. When nobody is available the
     * refusal says so ({@code NO_REP_AVAILABLE}, retrying) and the lead waits for a rep: {@link #retryNextHandoff}
     * tries again with backoff; the other refusals are final until marketing asks again.
     */
    private Uni<Void> handOff(SqlClient tx, Transition t, Ownership before, LifecycleEvent qualified, String eventId) {
        Instant now = Timestamps.now();
        Refusal refusal = null;
        if (before == null) {
            refusal = new Refusal("LEAD_UNKNOWN", "the lead is not known here (no identified event)");
        } else if (before.owner() == Owner.SALES) {
            refusal = new Refusal("ALREADY_OWNED_BY_SALES", "sales already owns the lead (" + before.repId() + ", "
                    + before.status() + ")");
        } else if (Boolean.TRUE.equals(qualified.detail("erased"))) {
            refusal = new Refusal("ERASED", "the lead's personal data was erased: nobody can contact them");
        } else if (Boolean.FALSE.equals(qualified.detail("consent"))) {
            refusal = new Refusal("NO_CONSENT", "the lead has not consented to be contacted");
        }
        if (refusal != null) {
            refuse(t, refusal, eventId, now, null);
            return Uni.createFrom().voidItem();
        }
        String country = t.state.country();
        String referringRepId = qualified.detailText("referringRepId");
        RepAssignment.Request request = new RepAssignment.Request(country, referringRepId, Set.of());
        return assignment.choose(tx, request, now).flatMap(assignee -> {
            if (assignee == null) {
                Instant next = retrySchedule.nextAttempt(now, 1);
                refuse(t, new Refusal(NO_REP_AVAILABLE, "no rep is available" + (country == null ? ""
                        : " for " + country) + "; tried again until one is"), eventId, now, next);
                return retries.startWaiting(tx, new HandoffRetryRepository.Waiting(t.state.leadId(), t.state.seq(), eventId,
                        referringRepId, NO_REP_AVAILABLE, 1, now, now, next, country));
            }
            handOffTo(t, assignee, eventId, now, null);
            return Uni.createFrom().voidItem();
        });
    }

    /** Publishes {@code handed-off} to {@code assignee}, with a fresh SLA window. */
    private void handOffTo(Transition t, RepAssignment.Assignee assignee, String causationId, Instant now,
            HandoffRetryRepository.Waiting waited) {
        Window window = window(now);
        Stage stage = t.state.stage();
        Map<String, Object> details = details("repId", assignee.repId(), "teamId", assignee.teamId(), "slaDueAt",
                window.dueAt, "slaAtRiskAt", window.atRiskAt, "policy", assignee.policy(), "country", t.state.country());
        String reason = "assigned to " + assignee.repId() + " by " + assignee.policy();
        if (waited != null) {
            details.putAll(details("attempts", waited.attempts(), "waitingSince", waited.waitingSince()));
            reason += " after waiting for a rep since " + waited.waitingSince();
        }
        t.emit(new LifecycleEvent(t.state.leadId().toString(), "handed-off", stage, stage, system(), reason,
                causationId, t.state.seq() + 1, now, details));
    }

    /** Refuses the handoff; {@code nextAttemptAt} is when it is tried again, null when it is not. */
    private void refuse(Transition t, Refusal refusal, String eventId, Instant now, Instant nextAttemptAt) {
        Stage stage = t.state.stage();
        t.emit(new LifecycleEvent(t.state.leadId().toString(), "handoff-refused", stage, stage, system(),
                refusal.text, eventId, t.state.seq() + 1, now,
                details("refusal", refusal.text, "reasonCode", refusal.code, "retrying", nextAttemptAt != null,
                        "nextAttemptAt", nextAttemptAt)));
        t.refusal(system(), "handoff refused: " + refusal.text, eventId, now);
    }

    /**
     * Tries the next due handoff that waits for a rep, if any. The wait and the lead's registry row are claimed
     * together ({@code FOR UPDATE SKIP LOCKED}), so each attempt is made once however many instances poll. A rep free
     * now: {@code handed-off}, caused by the event the refusal answered, and the wait ends; nobody yet: the next
     * attempt is scheduled with backoff and nothing is published. A lead that moved since its refusal (its sequence is
     * no longer the refusal's) no longer waits: the wait is dropped.
     *
     * @return what came of the attempt, or null when no wait was due
     */
    public Uni<RetryOutcome> retryNextHandoff(SqlClient tx, Instant now) {
        return retries.claimDue(tx, now).flatMap(due -> {
            if (due == null) {
                return Uni.createFrom().nullItem();
            }
            HandoffRetryRepository.Waiting waiting = due.waiting();
            Ownership current = due.ownership();
            if (current.seq() != waiting.seq() || current.owner() != Owner.MARKETING) {
                LOG.infof("lead %s no longer waits for a rep (now #%d, %s; refused at #%d): its retry ends",
                        current.leadId(), current.seq(), current.status(), waiting.seq());
                return retries.end(tx, current.leadId()).replaceWith(RetryOutcome.DROPPED);
            }
            RepAssignment.Request request = new RepAssignment.Request(current.country(), waiting.referringRepId(),
                    Set.of());
            return assignment.choose(tx, request, now).flatMap(assignee -> {
                if (assignee == null) {
                    int attempts = waiting.attempts() + 1;
                    return retries.reschedule(tx, current.leadId(), attempts, now,
                            retrySchedule.nextAttempt(now, attempts)).replaceWith(RetryOutcome.STILL_WAITING);
                }
                Transition t = new Transition(current);
                handOffTo(t, assignee, waiting.causationId(), now, waiting);
                return retries.end(tx, current.leadId()).flatMap(v -> t.commit(tx))
                        .replaceWith(RetryOutcome.HANDED_OFF);
            });
        });
    }

    /** What one attempt of a waiting handoff came to. */
    public enum RetryOutcome {
        /** A rep was free: handed off. */
        HANDED_OFF,
        /** Still nobody: tried again later. */
        STILL_WAITING,
        /** The lead moved on since its refusal: it no longer waits. */
        DROPPED
    }

    /**
     * An answer to a handoff, from sales' responses topic or from the REST API. {@code actorFor} says who acts for the
     * current assignee, or null when the one answering is not (the answer is then refused and audited).
     */
    public Uni<Answered> respond(SqlClient tx, UUID leadId, Answer answer, Function<Ownership, Actor> actorFor) {
        return registry.findForUpdate(tx, leadId).flatMap(current -> {
            if (current == null) {
                LOG.warnf("%s for unknown lead %s ignored", answer.decision(), leadId);
                return Uni.createFrom().item(new Answered(Answered.Outcome.UNKNOWN_LEAD, null));
            }
            Instant now = Timestamps.now();
            Transition t = new Transition(current);
            if (!current.status().awaitsAnswer()) {
                t.refusal(answer.caller(), answer.decision() + " refused: the lead is " + current.status()
                        + ", not awaiting an answer", answer.causationId(), now);
                return t.commit(tx).replaceWith(new Answered(Answered.Outcome.NOT_AWAITING_ANSWER, current));
            }
            Actor actor = actorFor.apply(current);
            if (actor == null) {
                t.refusal(answer.caller(), answer.decision() + " refused: " + answer.caller().id()
                        + " does not act for the assignee " + current.repId(), answer.causationId(), now);
                return t.commit(tx).replaceWith(new Answered(Answered.Outcome.NOT_ASSIGNEE, current));
            }
            String lead = leadId.toString();
            Stage stage = current.stage();
            if (answer.reason() == null) {
                t.emit(new LifecycleEvent(lead, "accepted", stage, stage, actor, "accepted by " + actor.id(),
                        answer.causationId(), current.seq() + 1, now,
                        details("repId", current.repId(), "opportunityId", answer.opportunityId())));
            } else {
                String code = answer.reason().name();
                CloudEvent rejected = t.emit(new LifecycleEvent(lead, "rejected", stage, stage, actor, code,
                        answer.causationId(), current.seq() + 1, now,
                        details("repId", current.repId(), "reasonCode", code, "opportunityId", answer.opportunityId())));
                t.emit(new LifecycleEvent(lead, "recycled", stage, Stage.KNOWN, actor, code, rejected.id(),
                        current.seq() + 2, now, details("reasonCode", code)));
            }
            return t.commit(tx).replaceWith(new Answered(Answered.Outcome.APPLIED, t.state));
        });
    }

    /**
     * Fires the next due SLA timer, if any: {@code sla-at-risk} at the configured part of the window; at its end
     * {@code sla-breached}, then a reassignment to the next eligible rep, or after the allowed reassignments an
     * escalation to the manager of the assignee's team. The row is claimed with {@code FOR UPDATE SKIP LOCKED} and its
     * events are written in this transaction, so each timer fires exactly once however many instances poll, and a
     * restart neither loses nor repeats one.
     *
     * @return whether a timer was due
     */
    public Uni<Boolean> fireNextTimer(SqlClient tx, Instant now) {
        return registry.claimDueTimer(tx, now).flatMap(current -> {
            if (current == null) {
                return Uni.createFrom().item(false);
            }
            Transition t = new Transition(current);
            String lead = current.leadId().toString();
            String timer = "sla:" + lead + ":" + current.slaDueAt();
            if (!current.slaAtRiskSent()) {
                t.emit(new LifecycleEvent(lead, "sla-at-risk", current.stage(), current.stage(), system(),
                        current.repId() + " has not accepted; the SLA ends at " + current.slaDueAt(), timer,
                        current.seq(), now, details("repId", current.repId(), "slaDueAt", current.slaDueAt())));
            }
            if (current.slaDueAt().isAfter(now)) {
                return t.commit(tx).replaceWith(true);
            }
            CloudEvent breached = t.emit(new LifecycleEvent(lead, "sla-breached", current.stage(), current.stage(),
                    system(), current.repId() + " did not accept by " + current.slaDueAt(), timer,
                    current.seq() + 1, now, details("repId", current.repId(), "slaDueAt", current.slaDueAt(),
                            "reassignments", current.reassignments())));
            Uni<RepAssignment.Assignee> next = Uni.createFrom().nullItem();
            if (current.reassignments() < config.slaMaxReassignments()) {
                Set<String> excluded = new HashSet<>(current.triedReps());
                excluded.add(current.repId());
                next = assignment.choose(tx, new RepAssignment.Request(current.country(), null, excluded), now);
            }
            return next.flatMap(assignee -> {
                Ownership s = t.state;
                if (assignee != null) {
                    Window window = window(now);
                    t.emit(new LifecycleEvent(lead, "reassigned", s.stage(), s.stage(), system(),
                            "SLA breached by " + s.repId() + ": reassigned to " + assignee.repId(), breached.id(),
                            s.seq() + 1, now, details("fromRepId", s.repId(), "toRepId", assignee.repId(),
                                    "teamId", assignee.teamId(), "slaDueAt", window.dueAt, "slaAtRiskAt",
                                    window.atRiskAt, "escalated", false, "policy", assignee.policy())));
                } else {
                    String manager = team.managerOf(s.teamId());
                    if (manager == null) {
                        LOG.warnf("lead %s breached its SLA but team %s has no manager: it stays with %s, escalated",
                                lead, s.teamId(), s.repId());
                    }
                    String to = manager != null ? manager : s.repId();
                    t.emit(new LifecycleEvent(lead, "reassigned", s.stage(), s.stage(), system(),
                            "SLA breached by " + s.repId() + " after " + s.reassignments()
                                    + " reassignment(s): escalated to " + (manager != null ? "manager " + manager
                                    : "nobody (team " + s.teamId() + " has no manager)"),
                            breached.id(), s.seq() + 1, now, details("fromRepId", s.repId(), "toRepId", to,
                                    "teamId", s.teamId(), "escalated", true, "policy", "ESCALATION")));
                }
                return t.commit(tx).replaceWith(true);
            });
        });
    }

    private Window window(Instant now) {
        Duration window = config.slaWindow();
        double fraction = Math.min(Math.max(config.slaAtRiskFraction(), 0.0), 1.0);
        return new Window(Timestamps.micros(now.plus(window)),
                Timestamps.micros(now.plusNanos((long) (window.toNanos() * fraction))));
    }

    private Actor system() {
        return Actor.system(service);
    }

    /** Event details without the absent ones (event details may not hold nulls); times as ISO-8601. */
    static Map<String, Object> details(Object... namesAndValues) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            if (value != null) {
                details.put((String) namesAndValues[i], value instanceof Instant at ? at.toString() : value);
            }
        }
        return details;
    }

    /**
     * An answer to a handoff.
     *
     * @param decision      ACCEPT or REJECT
     * @param reason        the rejection's reason code; null for an acceptance
     * @param caller        who answered (recorded when the answer is refused)
     * @param opportunityId sales' opportunity, when the answer came from sales
     * @param causationId   the response event or request that carried it
     */
    public record Answer(String decision, RejectReason reason, Actor caller, String opportunityId, String causationId) {
    }

    /** What became of an answer, and the row after it. */
    public record Answered(Outcome outcome, Ownership ownership) {

        public enum Outcome {
            APPLIED, UNKNOWN_LEAD, NOT_AWAITING_ANSWER, NOT_ASSIGNEE
        }
    }

    private record Refusal(String code, String text) {
    }

    private record Window(Instant dueAt, Instant atRiskAt) {
    }

    /** The events, history lines and final row of one lead's change, written together by {@link #commit}. */
    private final class Transition {

        private Ownership state;
        private boolean dirty;
        private final List<OwnershipRepository.HistoryLine> history = new ArrayList<>();
        private final List<CloudEvent> events = new ArrayList<>();

        Transition(Ownership current) {
            this.state = current;
        }

        /** Starts from an event of another service, already applied by the projection. */
        Transition(OwnershipProjection.Step consumed) {
            this.state = consumed.before();
            applied(consumed);
        }

        /** Publishes a lifecycle event of this service and applies it to the row. */
        CloudEvent emit(LifecycleEvent event) {
            CloudEvent cloudEvent = event.toCloudEvent(service);
            events.add(cloudEvent);
            OwnershipProjection.Step step = OwnershipProjection.apply(state, event, cloudEvent.id(), true);
            if (step.ignored()) {
                throw new IllegalStateException("event " + event.type() + " #" + event.sequence() + " does not apply");
            }
            applied(step);
            return cloudEvent;
        }

        void refusal(Actor actor, String reason, String causationId, Instant at) {
            history.add(new OwnershipRepository.HistoryLine("REFUSAL", state, actor, reason, causationId, at));
        }

        private void applied(OwnershipProjection.Step step) {
            state = step.after();
            dirty = true;
            if (step.ownershipChanged()) {
                OwnershipProjection.Change change = step.change();
                history.add(OwnershipRepository.HistoryLine.change(state, change));
                OwnershipChanged data = new OwnershipChanged(state.leadId().toString(), state.owner(), state.repId(),
                        state.status().name(), state.slaDueAt(), state.version(), change.actor(), change.reason(),
                        change.causationId(), change.occurredAt());
                events.add(CloudEvent.create(service, EventTypes.OWNERSHIP_CHANGED, state.leadId().toString(),
                        change.occurredAt(), data));
            }
        }

        Uni<Void> commit(SqlClient tx) {
            Uni<Void> saved = dirty ? registry.save(tx, state) : Uni.createFrom().voidItem();
            return saved.flatMap(v -> registry.record(tx, state.leadId(), history))
                    .flatMap(v -> outbox.append(tx, events));
        }
    }
}
