package dev.baton.handoff.ownership.domain;

import dev.baton.contract.Actor;
import dev.baton.contract.ConsentChannel;
import dev.baton.contract.EventTypes;
import dev.baton.contract.LifecycleDetails;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Owner;
import dev.baton.platform.time.Timestamps;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What one lifecycle event does to a lead's registry row: the one rule the live service and the rebuild share.
 *
 * <p>The live service applies every event it consumes and every event it publishes through {@link #apply}; the
 * rebuild folds {@code lead.lifecycle.v1} from the beginning through the same function. So the registry is, by
 * construction, a function of the lifecycle topic alone: nothing changes a row without a lifecycle event saying so.
 *
 * <p>Rules: the first {@code identified} (or {@code qualified}, or {@code handoff-requested}) registers the lead, owned
 * by marketing, at version 1; an event whose sequence is not above the row's is a duplicate or stale and changes
 * nothing (an audit-only event may repeat the row's sequence); a change of owner, assignee or status is a new ownership
 * version.
 */
public final class OwnershipProjection {

    private OwnershipProjection() {
    }

    /**
     * The effect of one event.
     *
     * @param before           the row before (null for a lead not registered yet)
     * @param after            the row after; null when the event changes nothing
     * @param change           when owner, assignee, status or stage changed: who, why, caused by what, when
     * @param ownershipChanged whether owner, assignee or status changed (a new ownership version); otherwise a
     *                         change is a stage move alone
     */
    public record Step(Ownership before, Ownership after, Change change, boolean ownershipChanged) {

        public boolean ignored() {
            return after == null;
        }

        /** The history line this step adds: a new ownership version (CHANGE), a stage move alone (STAGE), or none. */
        public HistoryLine historyLine() {
            if (change == null) {
                return null;
            }
            return ownershipChanged ? HistoryLine.change(after, change) : HistoryLine.stage(after, change);
        }
    }

    /** The audit facts of one ownership change, recorded in the history and on {@code lead.ownership.v1}. */
    public record Change(Actor actor, String reason, String causationId, Instant occurredAt) {
    }

    /**
     * @param current  the lead's row, or null
     * @param event    the lifecycle event
     * @param eventId  its CloudEvents id
     * @param ownEvent whether this service published it (its causation is then the event's own {@code causationId})
     */
    public static Step apply(Ownership current, LifecycleEvent event, String eventId, boolean ownEvent) {
        EventTypes type = event.type();
        boolean advances = type.advancesSequence();
        Instant at = Timestamps.micros(event.occurredAt());
        String name = type.shortName();
        Change change = new Change(event.actor(), event.reason() == null ? name : name + ": " + event.reason(),
                ownEvent && event.causationId() != null ? event.causationId() : eventId, at);
        if (current == null) {
            if (type != EventTypes.IDENTIFIED && !asksForHandoff(event)) {
                return new Step(null, null, null, false);
            }
            Ownership registered = Ownership.registered(UUID.fromString(event.leadId())).stage(event.to())
                    .seq(event.sequence()).version(1).country(country(event)).contactable(contactable(event))
                    .updatedAt(at).build();
            return new Step(null, registered, change, true);
        }
        if (type == EventTypes.CONSENT_CHANGED) {
            return consentChanged(current, event);
        }
        if (type == EventTypes.ERASED) {
            return erased(current);
        }
        if (type == EventTypes.ERASURE_CONFIRMED) {
            return new Step(current, null, null, false); // marketing's business: it completes the erasure
        }
        boolean stale = advances ? event.sequence() <= current.seq() : event.sequence() < current.seq();
        if (stale || (!advances && !ownEvent)) {
            return new Step(current, null, null, false);
        }
        Ownership.Builder next = current.toBuilder().updatedAt(at);
        if (advances) {
            next.seq(event.sequence()).stage(event.to());
        }
        switch (type) {
            case QUALIFIED, HANDOFF_REQUESTED -> {
                String country = country(event);
                if (country != null) {
                    next.country(country);
                }
                Boolean contactable = contactable(event);
                if (contactable != null) {
                    next.contactable(contactable);
                }
            }
            case HANDED_OFF -> {
                LifecycleDetails.HandedOff handedOff = event.details(LifecycleDetails.HandedOff.class);
                next.owner(Owner.SALES)
                        .assignee(handedOff.repId(), handedOff.teamId())
                        .status(HandoffStatus.HANDED_OFF)
                        .sla(Timestamps.micros(handedOff.slaDueAt()), Timestamps.micros(handedOff.slaAtRiskAt()))
                        .reassignments(0, List.of());
            }
            case SLA_AT_RISK, SLA_BREACHED -> next.slaAtRiskSent();
            case REASSIGNED -> {
                LifecycleDetails.Reassigned reassigned = event.details(LifecycleDetails.Reassigned.class);
                List<String> tried = new ArrayList<>(current.triedReps());
                String from = reassigned.fromRepId();
                if (from != null && !tried.contains(from)) {
                    tried.add(from);
                }
                String team = reassigned.teamId();
                next.assignee(reassigned.toRepId(), team != null ? team : current.teamId());
                if (Boolean.TRUE.equals(reassigned.escalated())) {
                    next.status(HandoffStatus.ESCALATED).sla(null, null)
                            .reassignments(current.reassignments(), tried);
                } else {
                    // A manager's choice is no SLA failure: the count of SLA reassignments starts again.
                    boolean manual = Reassignment.POLICY.equals(reassigned.policy());
                    next.status(HandoffStatus.HANDED_OFF)
                            .sla(Timestamps.micros(reassigned.slaDueAt()),
                                    Timestamps.micros(reassigned.slaAtRiskAt()))
                            .reassignments(manual ? 0 : current.reassignments() + 1, tried);
                }
            }
            case ACCEPTED -> next.status(HandoffStatus.ACCEPTED).sla(null, null);
            case RECYCLED -> next.owner(Owner.MARKETING).assignee(null, null).status(HandoffStatus.MARKETING)
                    .sla(null, null).reassignments(0, List.of()).closed(null, null);
            case CLOSED -> next.status(HandoffStatus.CLOSED).sla(null, null)
                    .closed(event.details(LifecycleDetails.Closed.class).outcome(), at);
            case RETAINED -> next.closed("RETAINED", at);
            case CHURNED -> next.closed("CHURNED", at);
            default -> {
                // identified again, handoff-refused, rejected (its recycled follows), referral-received, merged...:
                // the stage and sequence above are all they change here.
            }
        }
        Ownership after = next.build();
        if (after.sameOwnershipAs(current)) {
            return new Step(current, after, after.stage() != current.stage() ? change : null, false);
        }
        return new Step(current, after.toBuilder().version(current.version() + 1).build(), change, true);
    }

    /**
     * Marketing's consent change: whether the person may still be contacted. Only marketing publishes it, in the
     * lead's partition order, and it repeats marketing's last sequence number, which may be behind this registry's:
     * so the latest one applies, whatever its number. A change that leaves contactability as it was changes nothing.
     */
    private static Step consentChanged(Ownership current, LifecycleEvent event) {
        Boolean contactable = ConsentChannel.anyGranted(event.details(LifecycleDetails.ConsentChanged.class).channels());
        if (contactable == null || contactable.equals(current.contactable())) {
            return new Step(current, null, null, false);
        }
        // updatedAt stays: this event's place among the registry's own events differs live and in a rebuild.
        return new Step(current, current.toBuilder().contactable(contactable).build(), null, false);
    }

    /** Nobody may contact an erased person: a handoff still waiting for a rep is refused (NO_CONSENT). */
    private static Step erased(Ownership current) {
        if (Boolean.FALSE.equals(current.contactable())) {
            return new Step(current, null, null, false);
        }
        // updatedAt stays, as for consent: its place among the registry's own events differs live and in a rebuild.
        return new Step(current, current.toBuilder().contactable(false).build(), null, false);
    }

    /** Whether the event asks for the lead to be handed to sales (which registers an unknown lead). */
    public static boolean asksForHandoff(LifecycleEvent event) {
        return event.details() instanceof LifecycleDetails.HandoffAsked;
    }

    static Boolean contactable(LifecycleEvent event) {
        return event.details() instanceof LifecycleDetails.HandoffAsked asked ? asked.contactable() : null;
    }

    static String country(LifecycleEvent event) {
        String country = event.details() instanceof LifecycleDetails.HandoffAsked asked ? asked.country() : null;
        return country == null || country.isBlank() ? null : country.trim().toUpperCase(Locale.ROOT);
    }
}
