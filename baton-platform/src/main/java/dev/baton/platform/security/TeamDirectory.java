package dev.baton.platform.security;

import dev.baton.contract.Actor;
import dev.baton.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Object-level access for sales people: a rep acts on their own leads, an assistant on the leads of the reps they
 * assist, a manager on their team's. Every action records who did it and the rep it was done for.
 */
@ApplicationScoped
public class TeamDirectory {

    private final TeamConfig config;

    public TeamDirectory(TeamConfig config) {
        this.config = config;
    }

    public TeamConfig config() {
        return config;
    }

    public boolean mayActFor(Caller caller, String repId) {
        if (repId == null) {
            return false;
        }
        String id = caller.id();
        // A rep's own leads; also a manager's own, when an SLA escalation handed a lead to them.
        if ((caller.hasRole(Roles.SALES_REP) || caller.hasRole(Roles.SALES_MANAGER)) && id.equals(repId)) {
            return true;
        }
        if (caller.hasRole(Roles.SALES_ASSISTANT)) {
            TeamConfig.Assistant assistant = config.assistants().get(id);
            if (assistant != null && assistant.reps().contains(repId)) {
                return true;
            }
        }
        if (caller.hasRole(Roles.SALES_MANAGER)) {
            TeamConfig.Manager manager = config.managers().get(id);
            String team = teamOf(repId);
            return manager != null && team != null && manager.team().equals(team);
        }
        return false;
    }

    /** @throws ProblemException 403 unless the caller may act for {@code repId} */
    public Actor actorFor(Caller caller, String repId) {
        if (!mayActFor(caller, repId)) {
            throw ProblemException.forbidden("you may act only on your own leads, those of the reps you assist,"
                    + " or those of your team");
        }
        return caller.id().equals(repId) ? Actor.user(caller.id()) : Actor.userFor(caller.id(), repId);
    }

    /** The reps whose leads the caller may see; {@code null} for all (ops). */
    public List<String> visibleReps(Caller caller) {
        if (caller.hasRole(Roles.OPS)) {
            return null;
        }
        Set<String> reps = new TreeSet<>();
        config.reps().keySet().stream().filter(rep -> mayActFor(caller, rep)).forEach(reps::add);
        if (caller.hasRole(Roles.SALES_REP)) {
            reps.add(caller.id());
        }
        return List.copyOf(reps);
    }

    public String teamOf(String repId) {
        TeamConfig.Rep rep = config.reps().get(repId);
        return rep == null ? null : rep.team();
    }

    /** The manager of a team, if any (escalations go there). */
    public String managerOf(String team) {
        return config.managers().entrySet().stream().filter(m -> m.getValue().team().equals(team))
                .map(java.util.Map.Entry::getKey).sorted().findFirst().orElse(null);
    }
}
