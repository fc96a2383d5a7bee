package dev.baton.handoff.ownership;

import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.EventTypes;
import dev.baton.contract.HandoffResponse;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Owner;
import dev.baton.contract.OwnershipChanged;
import dev.baton.contract.RejectReason;
import dev.baton.contract.Stage;
import dev.baton.handoff.HandoffConfig;
import dev.baton.handoff.assignment.RepAssignment;
import dev.baton.platform.BatonConfig;
import dev.baton.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The only place where ownership of a lead changes. Each method runs inside the caller's transaction and appends the
 * lifecycle and ownership events of the change to the outbox in that same transaction.
 */
@ApplicationScoped
public class OwnershipRegistry {

    private static final Logger LOG = Logger.getLogger(OwnershipRegistry.class);

    private final OwnershipRepository registry;
    private final RepAssignment assignment;
    private final Outbox outbox;
    private final HandoffConfig config;
    private final String service;

    public OwnershipRegistry(OwnershipRepository registry, RepAssignment assignment, Outbox outbox,
            HandoffConfig config, BatonConfig batonConfig) {
        this.registry = registry;
        this.assignment = assignment;
        this.outbox = outbox;
        this.config = config;
        this.service = batonConfig.service();
    }

    /** Applies a lifecycle event published by another service. */
    public Uni<Void> onLifecycle(SqlClient tx, LifecycleEvent event, String eventId) {
        UUID leadId = UUID.fromString(event.leadId());
        return registry.findForUpdate(tx, leadId).flatMap(current -> {
            if (current != null && event.sequence() <= current.seq()) {
                LOG.infof("ignoring %s #%d of lead %s: already at #%d", event.type(), event.sequence(), leadId,
                        current.seq());
                return Uni.createFrom().voidItem();
            }
            Instant now = now();
            return switch (event.type()) {
                case "identified" -> register(tx, leadId, event, eventId, now);
                case "qualified" -> handOff(tx, current, leadId, event, eventId, now);
                default -> follow(tx, current, event, now);
            };
        });
    }

    /** A new known lead: marketing owns it. */
    private Uni<Void> register(SqlClient tx, UUID leadId, LifecycleEvent event, String eventId, Instant now) {
        Ownership registered = new Ownership(leadId, Owner.MARKETING, null, null, HandoffStatus.MARKETING, event.to(),
                event.sequence(), 1, null, now);
        return change(tx, registered, event.actor(), "lead identified", eventId, now, List.of());
    }

    /** A qualified lead: hand it to a rep, or refuse with a reason. */
    private Uni<Void> handOff(SqlClient tx, Ownership current, UUID leadId, LifecycleEvent event, String eventId,
            Instant now) {
        Ownership base = current != null ? current
                : new Ownership(leadId, Owner.MARKETING, null, null, HandoffStatus.MARKETING, Stage.KNOWN, 0, 0, null, now);
        if (base.owner() == Owner.SALES) {
            return refuse(tx, base, event, eventId, now, "already owned by sales");
        }
        return assignment.next(tx, now).flatMap(assignee -> {
            if (assignee == null) {
                return refuse(tx, base, event, eventId, now, "no rep is available");
            }
            long seq = event.sequence() + 1;
            Instant due = now.plus(config.slaWindow());
            Ownership handed = new Ownership(leadId, Owner.SALES, assignee.repId(), assignee.teamId(),
                    HandoffStatus.HANDED_OFF, Stage.QUALIFIED, seq, base.version() + 1, due, now);
            Map<String, Object> details = new HashMap<>();
            details.put("repId", assignee.repId());
            details.put("teamId", assignee.teamId());
            details.put("slaDueAt", due.toString());
            details.put("policy", "ROUND_ROBIN");
            CloudEvent handedOff = lifecycle("handed-off", leadId, Stage.QUALIFIED, Stage.QUALIFIED, system(),
                    "assigned to " + assignee.repId(), eventId, seq, now, details);
            return change(tx, handed, system(), "handed off to " + assignee.repId(), eventId, now, List.of(handedOff));
        });
    }

    private Uni<Void> refuse(SqlClient tx, Ownership base, LifecycleEvent event, String eventId, Instant now,
            String refusal) {
        long seq = event.sequence() + 1;
        CloudEvent refused = lifecycle("handoff-refused", base.leadId(), event.to(), event.to(), system(), refusal,
                eventId, seq, now, Map.of("refusal", refusal));
        Ownership unchanged = new Ownership(base.leadId(), base.owner(), base.repId(), base.teamId(), base.status(),
                event.to(), seq, base.version(), base.slaDueAt(), now);
        return registry.save(tx, unchanged)
                .flatMap(v -> registry.record(tx, unchanged, "REFUSAL", system(), "handoff refused: " + refusal, eventId, now))
                .flatMap(v -> outbox.append(tx, refused));
    }

    /** Other services' transitions (closed, retained...): keep the stage and sequence in step. */
    private Uni<Void> follow(SqlClient tx, Ownership current, LifecycleEvent event, Instant now) {
        if (current == null || !LifecycleEvent.advancesSequence(event.type())) {
            return Uni.createFrom().voidItem();
        }
        HandoffStatus status = "closed".equals(event.type()) ? HandoffStatus.CLOSED : current.status();
        return registry.save(tx, new Ownership(current.leadId(), current.owner(), current.repId(), current.teamId(),
                status, event.to(), event.sequence(), current.version(), current.slaDueAt(), now));
    }

    /** A rep's (or assistant's) answer, checked against the current assignee. */
    public Uni<Void> onResponse(SqlClient tx, HandoffResponse response, String eventId) {
        UUID leadId = UUID.fromString(response.leadId());
        Instant now = now();
        return registry.findForUpdate(tx, leadId).flatMap(current -> {
            if (current == null) {
                LOG.warnf("response %s for unknown lead %s ignored", response.responseId(), leadId);
                return Uni.createFrom().voidItem();
            }
            if (current.status() != HandoffStatus.HANDED_OFF) {
                return registry.record(tx, current, "REFUSAL", response.actor(),
                        "response " + response.decision() + " refused: lead is " + current.status(), eventId, now);
            }
            if (!response.repId().equals(current.repId())) {
                return registry.record(tx, current, "REFUSAL", response.actor(), "response " + response.decision()
                        + " refused: " + response.repId() + " is not the assignee", eventId, now);
            }
            return "ACCEPT".equals(response.decision())
                    ? accept(tx, current, response, eventId, now)
                    : reject(tx, current, response, eventId, now);
        });
    }

    private Uni<Void> accept(SqlClient tx, Ownership current, HandoffResponse response, String eventId, Instant now) {
        long seq = current.seq() + 1;
        Ownership accepted = new Ownership(current.leadId(), Owner.SALES, current.repId(), current.teamId(),
                HandoffStatus.ACCEPTED, current.stage(), seq, current.version() + 1, null, now);
        Map<String, Object> details = new HashMap<>();
        details.put("repId", current.repId());
        details.put("opportunityId", response.opportunityId());
        CloudEvent event = lifecycle("accepted", current.leadId(), current.stage(), current.stage(), response.actor(),
                "accepted by " + current.repId(), eventId, seq, now, details);
        return assignment.release(tx, current.repId())
                .flatMap(v -> change(tx, accepted, response.actor(), "accepted", eventId, now, List.of(event)));
    }

    private Uni<Void> reject(SqlClient tx, Ownership current, HandoffResponse response, String eventId, Instant now) {
        RejectReason reason = RejectReason.valueOf(response.reasonCode());
        long rejectedSeq = current.seq() + 1;
        long recycledSeq = rejectedSeq + 1;
        Map<String, Object> details = new HashMap<>();
        details.put("repId", current.repId());
        details.put("reasonCode", reason.name());
        details.put("opportunityId", response.opportunityId());
        CloudEvent rejected = lifecycle("rejected", current.leadId(), current.stage(), current.stage(),
                response.actor(), reason.name(), eventId, rejectedSeq, now, details);
        CloudEvent recycled = lifecycle("recycled", current.leadId(), current.stage(), Stage.KNOWN, system(),
                reason.name(), rejected.id(), recycledSeq, now, Map.of("reasonCode", reason.name()));
        Ownership back = new Ownership(current.leadId(), Owner.MARKETING, null, null, HandoffStatus.MARKETING,
                Stage.KNOWN, recycledSeq, current.version() + 1, null, now);
        return assignment.release(tx, current.repId())
                .flatMap(v -> change(tx, back, response.actor(), "rejected: " + reason.name(), eventId, now,
                        List.of(rejected, recycled)));
    }

    /** Saves a new ownership, records it in the history and publishes it with the lifecycle events that caused it. */
    private Uni<Void> change(SqlClient tx, Ownership next, Actor actor, String reason, String causationId, Instant now,
            List<CloudEvent> lifecycleEvents) {
        OwnershipChanged data = new OwnershipChanged(next.leadId().toString(), next.owner(), next.repId(),
                next.status().name(), next.slaDueAt(), next.version(), actor, reason, causationId, now);
        List<CloudEvent> events = new ArrayList<>(lifecycleEvents);
        events.add(CloudEvent.create(service, EventTypes.OWNERSHIP_CHANGED, next.leadId().toString(), now, data));
        return registry.save(tx, next)
                .flatMap(v -> registry.record(tx, next, "CHANGE", actor, reason, causationId, now))
                .flatMap(v -> outbox.append(tx, events));
    }

    private CloudEvent lifecycle(String type, UUID leadId, Stage from, Stage to, Actor actor, String reason,
            String causationId, long seq, Instant at, Map<String, Object> details) {
        return new LifecycleEvent(leadId.toString(), type, from, to, actor, reason, causationId, seq, at, details)
                .toCloudEvent(service);
    }

    private Actor system() {
        return Actor.system(service);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
