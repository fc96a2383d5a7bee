package dev.baton.sales.activity;

import dev.baton.platform.outbox.Transactions;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.platform.time.Timestamps;
import dev.baton.sales.access.SalesAccess;
import dev.baton.sales.activity.domain.Activity;
import dev.baton.sales.activity.domain.ActivityDraft;
import dev.baton.sales.activity.domain.NextStep;
import dev.baton.sales.activity.domain.OverdueFollowUps;
import dev.baton.sales.activity.persistence.ActivityRepository;
import dev.baton.sales.lead.domain.ContactPermission;
import dev.baton.sales.opportunity.OpportunityService;
import dev.baton.sales.opportunity.persistence.OpportunityRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Calls, emails, meetings, appointments, proposals and tasks on open opportunities; the next step of each open
 * opportunity; overdue follow-ups per rep. Every activity records who did it and the rep it was done for.
 */
@ApplicationScoped
public class ActivityService {

    private final Transactions transactions;
    private final Pool pool;
    private final OpportunityService opportunityService;
    private final OpportunityRepository opportunities;
    private final ActivityRepository activities;
    private final SalesAccess access;

    public ActivityService(Transactions transactions, Pool pool, OpportunityService opportunityService,
            OpportunityRepository opportunities, ActivityRepository activities, SalesAccess access) {
        this.transactions = transactions;
        this.pool = pool;
        this.opportunityService = opportunityService;
        this.opportunities = opportunities;
        this.activities = activities;
        this.access = access;
    }

    /**
     * Records an activity on an open opportunity; a proposal's amount becomes the opportunity's value. 409
     * consent-withdrawn for an outbound call or email on a channel the person withdrew.
     */
    public Uni<Activity> log(UUID opportunityId, ActivityDraft draft, Caller caller) {
        draft.validate();
        return transactions.commit(tx -> opportunityService.openForWork(tx, opportunityId, caller).flatMap(acting -> {
            if (draft.contacts() != null) {
                ContactPermission.requireNotWithdrawn(acting.opportunity().lead().contact(), draft.contacts(),
                        acting.opportunity().leadId());
            }
            Instant now = Timestamps.now();
            Activity activity = draft.record(opportunityId, acting.actor().id(), acting.opportunity().repId(), now);
            Uni<Void> insert = activities.insert(tx, activity);
            if (draft.setsTheOpportunityValue()) {
                insert = insert.flatMap(v -> opportunities.setAmount(tx, opportunityId, draft.amount(), now));
            }
            return insert.replaceWith(activity);
        }));
    }

    /** Marks a task done (again: no change); it is no longer a next step nor overdue. 409 for anything but a task. */
    public Uni<Activity> complete(UUID opportunityId, UUID activityId, Caller caller) {
        return transactions.commit(tx -> opportunityService.openForWork(tx, opportunityId, caller).flatMap(acting ->
                activities.findForUpdate(tx, opportunityId, activityId).flatMap(activity -> {
                    if (activity == null) {
                        throw ProblemException.notFound("activity", activityId.toString());
                    }
                    if (!activity.needsCompletion()) {
                        return Uni.createFrom().item(activity);
                    }
                    Activity done = activity.completed(acting.actor().id(), Timestamps.now());
                    return activities.complete(tx, activityId, done.completedBy(), done.completedAt()).replaceWith(done);
                })));
    }

    /** The activities of an opportunity the caller may see, oldest first. */
    public Uni<List<Activity>> list(UUID opportunityId, Caller caller) {
        return opportunityService.visible(opportunityId, caller)
                .flatMap(o -> activities.forOpportunity(pool, opportunityId));
    }

    /** Every open opportunity the caller may see (or of one rep) with its next step; nothing planned first. */
    public Uni<List<NextStep>> nextSteps(Caller caller, String repId) {
        return activities.nextSteps(pool, access.visibleReps(caller, repId), Timestamps.now());
    }

    /** Open tasks past their due date on open opportunities, grouped per rep (the reps the caller may see). */
    public Uni<List<OverdueFollowUps>> overdue(Caller caller, String repId) {
        return activities.overdue(pool, access.visibleReps(caller, repId), Timestamps.now())
                .map(byRep -> byRep.entrySet().stream()
                        .map(e -> OverdueFollowUps.of(e.getKey(), access.teamOf(e.getKey()), e.getValue())).toList());
    }
}
