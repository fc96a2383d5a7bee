package dev.baton.handoff.ownership.domain;

import dev.baton.contract.Actor;

import java.util.Set;

/**
 * Someone answering a handoff through the API, and the rule of who may: the assignee themselves (a rep, or the manager
 * a lead was escalated to) or an assistant of the assignee, who then acts on their behalf.
 *
 * @param id            the caller
 * @param repOrManager  whether the caller is a sales rep or a sales manager
 * @param assistedReps  the reps the caller assists (empty for anyone but a sales assistant)
 */
public record Answerer(String id, boolean repOrManager, Set<String> assistedReps) {

    public Answerer {
        assistedReps = assistedReps == null ? Set.of() : Set.copyOf(assistedReps);
    }

    /** Who the answer is recorded as, for a lead assigned to {@code assignee}; null when the caller may not answer. */
    public Actor actingFor(String assignee) {
        if (repOrManager && id.equals(assignee)) {
            return Actor.user(id);
        }
        if (assignee != null && assistedReps.contains(assignee)) {
            return Actor.userFor(id, assignee);
        }
        return null;
    }
}
