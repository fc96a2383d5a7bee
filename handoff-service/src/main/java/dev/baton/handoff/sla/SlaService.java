package dev.baton.handoff.sla;

import dev.baton.contract.CloudEvent;
import dev.baton.contract.LifecycleDetails;
import dev.baton.contract.LifecycleEvent;
import dev.baton.handoff.assignment.RepAssignmentService;
import dev.baton.handoff.assignment.domain.Assignee;
import dev.baton.handoff.assignment.domain.AssignmentCriteria;
import dev.baton.handoff.ownership.OwnershipTransitions;
import dev.baton.handoff.ownership.Transition;
import dev.baton.handoff.ownership.domain.Ownership;
import dev.baton.handoff.sla.domain.SlaCheck;
import dev.baton.handoff.sla.domain.SlaWindow;
import dev.baton.handoff.sla.persistence.SlaTimerRepository;
import dev.baton.platform.security.TeamDirectory;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;


/**
 * The handoff SLA: the window a handoff opens, and what its timer does when due ({@link SlaCheck}): {@code sla-at-risk}
 * at the configured part of the window; at its end {@code sla-breached}, then a reassignment to the next eligible rep,
 * or after the allowed reassignments an escalation to the manager of the assignee's team.
 */
@ApplicationScoped
public class SlaService {

    private static final Logger LOG = Logger.getLogger(SlaService.class);

    private final SlaTimerRepository timers;
    private final OwnershipTransitions transitions;
    private final RepAssignmentService assignment;
    private final TeamDirectory team;
    private final SlaConfig config;

    public SlaService(SlaTimerRepository timers, OwnershipTransitions transitions, RepAssignmentService assignment,
            TeamDirectory team, SlaConfig config) {
        this.timers = timers;
        this.transitions = transitions;
        this.assignment = assignment;
        this.team = team;
        this.config = config;
    }

    /** The acceptance window of a handoff made at {@code now}. */
    public SlaWindow windowFrom(Instant now) {
        return SlaWindow.opening(now, config.slaWindow(), config.slaAtRiskFraction());
    }

    /**
     * Fires the next due SLA timer, if any. The row is claimed with {@code FOR UPDATE SKIP LOCKED} and its events are
     * written in the caller's transaction, so each timer fires exactly once however many instances poll, and a restart
     * neither loses nor repeats one.
     *
     * @return whether a timer was due
     */
    public Uni<Boolean> fireNextTimer(SqlClient tx, Instant now) {
        return timers.claimDue(tx, now).flatMap(current -> {
            if (current == null) {
                return Uni.createFrom().item(false);
            }
            SlaCheck check = SlaCheck.of(current, now, config.slaMaxReassignments());
            Transition t = transitions.from(current);
            String lead = current.leadId().toString();
            String timer = "sla:" + lead + ":" + current.slaDueAt();
            if (check.warnAtRisk()) {
                t.emit(new LifecycleEvent(lead, current.stage(), current.stage(), transitions.system(),
                        current.repId() + " has not accepted; the SLA ends at " + current.slaDueAt(), timer,
                        current.seq(), now, new LifecycleDetails.SlaAtRisk(current.repId(), current.slaDueAt())));
            }
            if (!check.breached()) {
                return t.commit(tx).replaceWith(true);
            }
            CloudEvent breached = t.emit(new LifecycleEvent(lead, current.stage(), current.stage(),
                    transitions.system(), current.repId() + " did not accept by " + current.slaDueAt(), timer,
                    current.seq() + 1, now, new LifecycleDetails.SlaBreached(current.repId(), current.slaDueAt(),
                            current.reassignments())));
            Uni<Assignee> next = check.reassign()
                    ? assignment.choose(tx, new AssignmentCriteria(current.country(), null,
                            SlaCheck.excludedReps(current)), now)
                    : Uni.createFrom().nullItem();
            return next.flatMap(assignee -> {
                if (assignee != null) {
                    reassign(t, assignee, breached, now);
                } else {
                    escalate(t, breached, now);
                }
                return t.commit(tx).replaceWith(true);
            });
        });
    }

    private void reassign(Transition t, Assignee assignee, CloudEvent breached, Instant now) {
        Ownership s = t.state();
        SlaWindow window = windowFrom(now);
        t.emit(new LifecycleEvent(s.leadId().toString(), s.stage(), s.stage(), transitions.system(),
                "SLA breached by " + s.repId() + ": reassigned to " + assignee.repId(), breached.id(),
                s.seq() + 1, now, new LifecycleDetails.Reassigned(s.repId(), assignee.repId(), assignee.teamId(),
                        window.dueAt(), window.atRiskAt(), false, assignee.policy())));
    }

    private void escalate(Transition t, CloudEvent breached, Instant now) {
        Ownership s = t.state();
        String manager = team.managerOf(s.teamId());
        if (manager == null) {
            LOG.warnf("lead %s breached its SLA but team %s has no manager: it stays with %s, escalated",
                    s.leadId(), s.teamId(), s.repId());
        }
        String to = manager != null ? manager : s.repId();
        t.emit(new LifecycleEvent(s.leadId().toString(), s.stage(), s.stage(), transitions.system(),
                "SLA breached by " + s.repId() + " after " + s.reassignments()
                        + " reassignment(s): escalated to " + (manager != null ? "manager " + manager
                        : "nobody (team " + s.teamId() + " has no manager)"),
                breached.id(), s.seq() + 1, now, new LifecycleDetails.Reassigned(s.repId(), to, s.teamId(), null, null,
                        true, "ESCALATION")));
    }
}
