package dev.baton.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;

/**
 * The data of every event on {@code lead.lifecycle.v1}. The CloudEvents {@code type} says which transition it is; the
 * fields below are the same for all of them so that an outside consumer can check order ({@code sequence}) and drop
 * duplicates (the CloudEvents {@code id}) without knowing every type.
 *
 * @param leadId      the lead (also the CloudEvents {@code subject} and the Kafka key)
 * @param type        short type name, the same as the CloudEvents type without prefix and version, e.g. {@code qualified}
 * @param from        stage before the event
 * @param to          stage after the event (equal to {@code from} for events that do not move the stage)
 * @param actor       who caused it
 * @param reason      why, in words or a reason code
 * @param causationId id of the command or event that caused this one
 * @param sequence    per-lead sequence number: 1 for the first event of a lead, then gap-free
 * @param occurredAt  when the change was committed
 * @param details     type-specific facts (score, rep, outcome, amount...), described by the type's JSON Schema
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LifecycleEvent(
        String leadId,
        String type,
        Stage from,
        Stage to,
        Actor actor,
        String reason,
        String causationId,
        long sequence,
        Instant occurredAt,
        Map<String, Object> details) {

    public LifecycleEvent {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** This event as a CloudEvent published by {@code service}. */
    public CloudEvent toCloudEvent(String service) {
        EventTypes eventType = EventTypes.fromShortName(type)
                .filter(EventTypes::isLifecycle)
                .orElseThrow(() -> new IllegalArgumentException("not a lifecycle event type: " + type));
        return CloudEvent.create(service, eventType, leadId, occurredAt, this);
    }

    /**
     * Whether this type moves the lead (stage, owner or assignee) and so takes the next per-lead sequence number.
     * Audit-only types ({@code marketing-send-blocked}, {@code sla-at-risk}, {@code consent-changed}) repeat the sequence of the last
     * transition they observed, so that a side that does not own the lead never takes a number from the owner.
     */
    public static boolean advancesSequence(String type) {
        return !AUDIT_ONLY.contains(type);
    }

    private static final java.util.Set<String> AUDIT_ONLY = java.util.Set.of("marketing-send-blocked", "sla-at-risk", "consent-changed");

    public Object detail(String name) {
        return details.get(name);
    }

    public String detailText(String name) {
        Object value = details.get(name);
        return value == null ? null : value.toString();
    }
}
