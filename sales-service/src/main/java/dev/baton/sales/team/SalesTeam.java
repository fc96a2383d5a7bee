package dev.baton.sales.team;

import dev.baton.contract.Actor;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Who may act for which rep: the rep themself, an assistant who assists that rep, or the manager of the rep's team.
 * Every action records both who did it and the rep it was done for.
 */
@ApplicationScoped
public class SalesTeam {

    private final SalesConfig config;

    public SalesTeam(SalesConfig config) {
        this.config = config;
    }

    public boolean mayActFor(Caller caller, String repId) {
        String id = caller.id();
        if (caller.hasRole(Roles.SALES_REP) && id.equals(repId)) {
            return true;
        }
        if (caller.hasRole(Roles.SALES_ASSISTANT)) {
            SalesConfig.Assistant assistant = config.assistants().get(id);
            if (assistant != null && assistant.reps().contains(repId)) {
                return true;
            }
        }
        if (caller.hasRole(Roles.SALES_MANAGER)) {
            SalesConfig.Manager manager = config.managers().get(id);
            SalesConfig.Rep rep = config.reps().get(repId);
            return manager != null && rep != null && manager.team().equals(rep.team());
        }
        return false;
    }

    /** @throws ProblemException 403 unless the caller may act for {@code repId} */
    public Actor actorFor(Caller caller, String repId) {
        if (!mayActFor(caller, repId)) {
            throw ProblemException.forbidden("you may act only on your own opportunities, those of the reps you assist,"
                    + " or those of your team");
        }
        return caller.id().equals(repId) ? Actor.user(caller.id()) : Actor.userFor(caller.id(), repId);
    }

    /** The reps whose opportunities the caller may see. Ops see all (null). */
    public List<String> visibleReps(Caller caller) {
        if (caller.hasRole(Roles.OPS)) {
            return null;
        }
        java.util.Set<String> reps = new java.util.TreeSet<>();
        config.reps().keySet().stream().filter(rep -> mayActFor(caller, rep)).forEach(reps::add);
        if (caller.hasRole(Roles.SALES_REP)) {
            reps.add(caller.id());
        }
        return List.copyOf(reps);
    }

    public String teamOf(String repId) {
        SalesConfig.Rep rep = config.reps().get(repId);
        return rep == null ? null : rep.team();
    }
}
