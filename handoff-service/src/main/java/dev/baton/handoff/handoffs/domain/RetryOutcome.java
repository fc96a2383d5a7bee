package dev.baton.handoff.handoffs.domain;

/** What one attempt of a waiting handoff came to. */
public enum RetryOutcome {
    /** A rep was free: handed off. */
    HANDED_OFF,
    /** Still nobody: tried again later. */
    STILL_WAITING,
    /** The lead moved on since its refusal: it no longer waits. */
    DROPPED,
    /** The person withdrew consent while the lead waited: refused (NO_CONSENT), it no longer waits. */
    REFUSED
}
