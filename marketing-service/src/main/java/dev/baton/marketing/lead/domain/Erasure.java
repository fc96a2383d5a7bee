package dev.baton.marketing.lead.domain;

import dev.baton.contract.Stage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One person's erasure: marketing erases its part when asked, then each other service confirms it erased its own, for
 * every lead id the person had (a merged person has several).
 *
 * @param confirmations per service, the lead ids it confirmed
 */
public record Erasure(UUID erasureId, List<UUID> leadIds, String requestedBy, Instant requestedAt, Instant completedAt,
        Map<String, List<UUID>> confirmations) {

    /** The services that hold data about a lead besides marketing and must confirm its erasure. */
    public static final List<String> CONFIRMING = List.of("handoff-service", "sales-service");

    public enum State { PENDING, COMPLETED }

    /** A lead of the person being erased, with where its lifecycle stands (the erased event repeats it). */
    public record Subject(UUID leadId, Stage stage, long seq) {
    }

    /** Whether {@code service} has confirmed every lead of the erasure. */
    public boolean confirmedBy(String service) {
        return confirmations.getOrDefault(service, List.of()).containsAll(leadIds);
    }

    /** Whether every service has confirmed: the erasure is complete. */
    public boolean complete() {
        return CONFIRMING.stream().allMatch(this::confirmedBy);
    }

    public State state() {
        return complete() ? State.COMPLETED : State.PENDING;
    }
}
