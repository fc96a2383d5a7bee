package dev.baton.handoff.ownership.domain;

/** What became of an answer, and the row after it. */
public record Answered(Outcome outcome, Ownership ownership) {

    public enum Outcome {
        APPLIED, UNKNOWN_LEAD, NOT_AWAITING_ANSWER, NOT_ASSIGNEE
    }
}
