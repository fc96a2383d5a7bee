package dev.baton.sales.access;

import dev.baton.contract.Actor;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import dev.baton.platform.security.TeamConfig;
import dev.baton.platform.security.TeamDirectory;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

/**
 * Who may act on, or see, a rep's work: the rep, an assistant of theirs, their team's manager; ops sees everything but
 * acts on nothing. The one place every sales feature asks (the rules themselves are the platform's team directory).
 */
@ApplicationScoped
public class SalesAccess {

    private final TeamDirectory team;

    public SalesAccess(TeamDirectory team) {
        this.team = team;
    }

    /** The caller acting for {@code repId}; 403 unless they are the rep, an assistant of theirs or their manager. */
    public Actor actorFor(Caller caller, String repId) {
        return team.actorFor(caller, repId);
    }

    /** 403 unless the caller may see {@code repId}'s work: ops sees all, anyone else what they may act on. */
    public void requireVisible(Caller caller, String repId) {
        if (!caller.hasRole(Roles.OPS)) {
            team.actorFor(caller, repId);
        }
    }

    /** The reps whose work the caller may list ({@code null}: all, for ops), or just {@code repId} when given (403 when hidden). */
    public List<String> visibleReps(Caller caller, String repId) {
        if (repId != null && !repId.isBlank()) {
            requireVisible(caller, repId);
            return List.of(repId);
        }
        return team.visibleReps(caller);
    }

    /** The team a report covers: null (all) for ops, a manager's own team; 403 for a manager the directory does not know. */
    public String reportScope(Caller caller) {
        if (caller.hasRole(Roles.OPS)) {
            return null;
        }
        TeamConfig.Manager manager = team.config().managers().get(caller.id());
        if (manager == null) {
            throw ProblemException.forbidden("you lead no team in the sales team directory");
        }
        return manager.team();
    }

    /** A rep's team. */
    public String teamOf(String repId) {
        return team.teamOf(repId);
    }

    /** A rep's team, or the team a manager leads (an SLA escalation hands a lead to the manager). */
    public String teamOfAssignee(String id) {
        String teamId = team.teamOf(id);
        TeamConfig.Manager manager = team.config().managers().get(id);
        return teamId == null && manager != null ? manager.team() : teamId;
    }

    /** The reps of a team (all reps when {@code teamId} is null), as the directory lists them. */
    public List<String> repsOf(String teamId) {
        return team.config().reps().entrySet().stream()
                .filter(rep -> teamId == null || teamId.equals(rep.getValue().team()))
                .map(Map.Entry::getKey).toList();
    }
}
