package dev.baton.handoff.ownership.api;

/**
 * {@code POST /ownership/{leadId}/reject}: the one writable field of a rejection.
 *
 * @param reasonCode UNREACHABLE, BAD_DATA, NO_NEED, NO_BUDGET or NO_FIT
 */
public record RejectRequest(String reasonCode) {
}
