package dev.baton.sales.activity.domain;

import dev.baton.contract.ConsentChannel;

import java.util.Set;

/**
 * What a rep (or their assistant) did or plans on an opportunity, and the fields each type needs ({@code required})
 * or accepts ({@code allowed}) besides subject and notes.
 */
public enum ActivityType {
    /** A call; outbound unless said otherwise, and then it needs the person's PHONE consent not to be withdrawn. */
    CALL(Set.of(), Set.of("direction")),
    /** An email; outbound unless said otherwise, and then it needs the person's EMAIL consent not to be withdrawn. */
    EMAIL(Set.of(), Set.of("direction")),
    /** A meeting with the lead: needs a start and an end. */
    MEETING(Set.of("startsAt", "endsAt"), Set.of("startsAt", "endsAt")),
    /** An appointment (the assistant's calendar): like a meeting, with a start and an end. */
    APPOINTMENT(Set.of("startsAt", "endsAt"), Set.of("startsAt", "endsAt")),
    /** A proposal sent to the lead: needs its amount, which becomes the opportunity's value. */
    PROPOSAL(Set.of("amount"), Set.of("amount")),
    /** A follow-up to do: needs a subject and a due date; open past its due date, it is overdue. */
    TASK(Set.of("subject", "dueAt"), Set.of("dueAt"));

    private final Set<String> required;
    private final Set<String> allowed;

    ActivityType(Set<String> required, Set<String> allowed) {
        this.required = required;
        this.allowed = allowed;
    }

    public Set<String> required() {
        return required;
    }

    /** The type-specific fields (direction, startsAt, endsAt, dueAt, amount) this type accepts. */
    public Set<String> allowed() {
        return allowed;
    }

    /** The consent channel an outbound activity of this type contacts the person on; null when it contacts nobody. */
    public ConsentChannel channel() {
        return switch (this) {
            case CALL -> ConsentChannel.PHONE;
            case EMAIL -> ConsentChannel.EMAIL;
            default -> null;
        };
    }

    /** Whether it is a scheduled step (a next step of the opportunity). */
    public boolean scheduled() {
        return this == MEETING || this == APPOINTMENT || this == TASK;
    }
}
