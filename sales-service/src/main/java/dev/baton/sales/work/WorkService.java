package dev.baton.sales.work;

import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import dev.baton.platform.time.Timestamps;
import dev.baton.sales.access.SalesAccess;
import dev.baton.sales.activity.ActivityService;
import dev.baton.sales.customer.persistence.CustomerRepository;
import dev.baton.sales.opportunity.persistence.OpportunityRepository;
import dev.baton.sales.work.domain.Work;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A salesperson's day in one answer: the handoffs waiting for their answer (and which are at risk), the next steps due,
 * the overdue follow-ups, the renewals coming up; for a rep their own, an assistant their reps', a manager their team's.
 */
@ApplicationScoped
public class WorkService {

    /** How far ahead next steps and renewals count as coming up. */
    static final Duration STEPS_AHEAD = Duration.ofDays(1);
    static final int RENEWAL_DAYS_AHEAD = 30;
    /** Each list is bounded; the dedicated lists page further. */
    static final int LIMIT = 200;

    private final Pool pool;
    private final SalesAccess access;
    private final OpportunityRepository opportunities;
    private final CustomerRepository customers;
    private final ActivityService activities;

    public WorkService(Pool pool, SalesAccess access, OpportunityRepository opportunities,
            CustomerRepository customers, ActivityService activities) {
        this.pool = pool;
        this.access = access;
        this.opportunities = opportunities;
        this.customers = customers;
        this.activities = activities;
    }

    public Uni<Work> of(Caller caller) {
        Instant now = Timestamps.now();
        List<String> visible = access.visibleReps(caller, null);
        List<String> reps = visible == null ? null : new ArrayList<>(visible);
        if (reps != null && caller.hasRole(Roles.SALES_MANAGER) && !reps.contains(caller.id())) {
            reps.add(caller.id()); // the handoffs escalated to the manager wait for their own answer
        }
        return opportunities.awaitingAnswer(pool, reps, LIMIT)
                .flatMap(awaiting -> activities.nextSteps(caller, null)
                        .flatMap(steps -> activities.overdue(caller, null)
                                .flatMap(overdue -> customers.renewalsWithin(pool, reps,
                                                now.atOffset(ZoneOffset.UTC).toLocalDate(), RENEWAL_DAYS_AHEAD, LIMIT)
                                        .map(renewals -> Work.of(reps, awaiting, steps, overdue, renewals, now,
                                                STEPS_AHEAD, LIMIT)))));
    }
}
