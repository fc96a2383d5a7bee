package dev.baton.handoff.assignment.domain;

/** The chosen rep and the policy that chose them ({@code REFERRAL}, {@code TERRITORY}, {@code ROUND_ROBIN}). */
public record Assignee(String repId, String teamId, String policy) {
}
