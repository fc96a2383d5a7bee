package dev.baton.marketing.lead.domain;

/**
 * What an action on a lead came to: done, or refused at the boundary. A refusal is a result, not a failure, so that
 * its audit event commits with the transaction; the resource answers it with 409.
 */
public sealed interface ActionOutcome<T> permits ActionOutcome.Done, ActionOutcome.Refused {

    record Done<T>(T value) implements ActionOutcome<T> {
    }

    record Refused<T>(BoundaryRefusal refusal) implements ActionOutcome<T> {
    }

    static <T> ActionOutcome<T> done(T value) {
        return new Done<>(value);
    }

    static <T> ActionOutcome<T> refused(BoundaryRefusal refusal) {
        return new Refused<>(refusal);
    }
}
