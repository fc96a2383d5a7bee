package dev.baton.sales.activity;

import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.security.Caller;
import dev.baton.platform.security.Roles;
import dev.baton.platform.security.TeamDirectory;
import dev.baton.sales.opportunity.OpportunityKind;
import dev.baton.sales.opportunity.OpportunityRepository;
import dev.baton.sales.opportunity.OpportunityService;
import dev.baton.sales.opportunity.PipelineStage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.baton.sales.opportunity.OpportunityRepository.utc;

/**
 * Calls, emails, meetings, appointments, proposals and tasks on open opportunities; the next step of each open
 * opportunity; overdue follow-ups per rep. Every activity records who did it and the rep it was done for.
 */
@ApplicationScoped
public class ActivityService {

    private final Pool pool;
    private final OpportunityService opportunityService;
    private final OpportunityRepository opportunities;
    private final TeamDirectory team;

    public ActivityService(Pool pool, OpportunityService opportunityService, OpportunityRepository opportunities,
            TeamDirectory team) {
        this.pool = pool;
        this.opportunityService = opportunityService;
        this.opportunities = opportunities;
        this.team = team;
    }

    /** Records an activity on an open opportunity; a proposal's amount becomes the opportunity's value. */
    public Uni<Activity> log(UUID opportunityId, ActivityRequest request, Caller caller) {
        validate(request);
        return pool.withTransaction(tx -> opportunityService.openForWork(tx, opportunityId, caller).flatMap(acting -> {
            Instant now = OpportunityService.now();
            Activity activity = new Activity(UUID.randomUUID(), opportunityId, request.type(), strip(request.subject()),
                    strip(request.notes()), request.startsAt(), request.endsAt(), request.dueAt(), request.amount(),
                    acting.actor().id(), acting.opportunity().repId(), now, null, null);
            Uni<Void> insert = tx.preparedQuery("INSERT INTO activity (" + Activity.COLUMNS + ") VALUES ($1, $2, $3, $4,"
                            + " $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)")
                    .execute(Tuple.from(new Object[] {activity.activityId(), opportunityId, activity.type().name(),
                            activity.subject(), activity.notes(), utc(activity.startsAt()), utc(activity.endsAt()),
                            utc(activity.dueAt()), activity.amount(), activity.actorId(), activity.repId(),
                            utc(activity.createdAt()), null, null}))
                    .replaceWithVoid();
            if (request.type() == ActivityType.PROPOSAL) {
                insert = insert.flatMap(v -> opportunities.setAmount(tx, opportunityId, request.amount(), now));
            }
            return insert.replaceWith(activity);
        }));
    }

    /** Marks a task done (again: no change); it is no longer a next step nor overdue. 409 for anything but a task. */
    public Uni<Activity> complete(UUID opportunityId, UUID activityId, Caller caller) {
        return pool.withTransaction(tx -> opportunityService.openForWork(tx, opportunityId, caller).flatMap(acting ->
                tx.preparedQuery("SELECT " + Activity.COLUMNS + " FROM activity WHERE activity_id = $1"
                                + " AND opportunity_id = $2 FOR UPDATE")
                        .execute(Tuple.of(activityId, opportunityId))
                        .flatMap(rows -> {
                            if (!rows.iterator().hasNext()) {
                                throw ProblemException.notFound("activity", activityId.toString());
                            }
                            Activity activity = Activity.from(rows.iterator().next());
                            if (activity.type() != ActivityType.TASK) {
                                throw ProblemException.conflict("not-a-task", "only a TASK can be completed; "
                                        + activityId + " is a " + activity.type());
                            }
                            if (activity.completedAt() != null) {
                                return Uni.createFrom().item(activity);
                            }
                            Instant now = OpportunityService.now();
                            return tx.preparedQuery("UPDATE activity SET completed_at = $2, completed_by = $3"
                                            + " WHERE activity_id = $1")
                                    .execute(Tuple.of(activityId, utc(now), acting.actor().id()))
                                    .replaceWith(new Activity(activity.activityId(), activity.opportunityId(),
                                            activity.type(), activity.subject(), activity.notes(), activity.startsAt(),
                                            activity.endsAt(), activity.dueAt(), activity.amount(), activity.actorId(),
                                            activity.repId(), activity.createdAt(), now, acting.actor().id()));
                        })));
    }

    /** The activities of an opportunity the caller may see, oldest first. */
    public Uni<List<Activity>> list(UUID opportunityId, Caller caller) {
        return opportunityService.visible(opportunityId, caller)
                .flatMap(o -> pool.preparedQuery("SELECT " + Activity.COLUMNS + " FROM activity WHERE opportunity_id = $1"
                                + " ORDER BY created_at, activity_id")
                        .execute(Tuple.of(opportunityId)))
                .map(rows -> rows.stream().map(Activity::from).toList());
    }

    /** Every open opportunity the caller may see (or of one rep) with its next step; nothing planned first. */
    public Uni<List<NextStep>> nextSteps(Caller caller, String repId) {
        Instant now = OpportunityService.now();
        return pool.preparedQuery("SELECT o.opportunity_id, o.lead_id, o.kind, o.title, o.rep_id, o.pipeline_stage,"
                        + " o.amount, o.expected_close_date, n.activity_id, n.type, n.subject, n.at"
                        + " FROM opportunity o LEFT JOIN LATERAL ("
                        + "   SELECT a.activity_id, a.type, a.subject, COALESCE(a.due_at, a.starts_at) AS at"
                        + "   FROM activity a WHERE a.opportunity_id = o.opportunity_id AND a.completed_at IS NULL"
                        + "   AND ((a.type = 'TASK' AND a.due_at IS NOT NULL)"
                        + "        OR (a.type IN ('MEETING', 'APPOINTMENT') AND a.ends_at >= $2))"
                        + "   ORDER BY at, a.created_at LIMIT 1) n ON true"
                        + " WHERE o.status = 'OPEN' AND ($1::text[] IS NULL OR o.rep_id = ANY($1))"
                        + " ORDER BY n.at NULLS FIRST, o.created_at")
                .execute(Tuple.of(reps(caller, repId), utc(now)))
                .map(rows -> rows.stream().map(row -> {
                    NextStep.Step step = null;
                    if (row.getUUID("activity_id") != null) {
                        ActivityType type = ActivityType.valueOf(row.getString("type"));
                        Instant at = row.getOffsetDateTime("at").toInstant();
                        step = new NextStep.Step(row.getUUID("activity_id"), type, row.getString("subject"), at,
                                type == ActivityType.TASK && at.isBefore(now));
                    }
                    return new NextStep(row.getUUID("opportunity_id"), row.getUUID("lead_id"),
                            OpportunityKind.valueOf(row.getString("kind")), row.getString("title"),
                            row.getString("rep_id"), PipelineStage.valueOf(row.getString("pipeline_stage")),
                            row.getBigDecimal("amount"), row.getLocalDate("expected_close_date"), step);
                }).toList());
    }

    /** Open tasks past their due date on open opportunities, grouped per rep (the reps the caller may see). */
    public Uni<List<OverdueFollowUps>> overdue(Caller caller, String repId) {
        return pool.preparedQuery("SELECT a.activity_id, a.opportunity_id, o.lead_id, a.rep_id, a.subject, a.due_at,"
                        + " a.actor_id FROM activity a JOIN opportunity o ON o.opportunity_id = a.opportunity_id"
                        + " WHERE a.type = 'TASK' AND a.completed_at IS NULL AND a.due_at < $2 AND o.status = 'OPEN'"
                        + " AND ($1::text[] IS NULL OR a.rep_id = ANY($1)) ORDER BY a.rep_id, a.due_at, a.activity_id")
                .execute(Tuple.of(reps(caller, repId), utc(OpportunityService.now())))
                .map(rows -> {
                    Map<String, List<OverdueFollowUps.FollowUp>> byRep = new LinkedHashMap<>();
                    for (Row row : rows) {
                        byRep.computeIfAbsent(row.getString("rep_id"), r -> new ArrayList<>())
                                .add(new OverdueFollowUps.FollowUp(row.getUUID("activity_id"),
                                        row.getUUID("opportunity_id"), row.getUUID("lead_id"), row.getString("subject"),
                                        row.getOffsetDateTime("due_at").toInstant(), row.getString("actor_id")));
                    }
                    return byRep.entrySet().stream().map(e -> new OverdueFollowUps(e.getKey(), team.teamOf(e.getKey()),
                            e.getValue().size(), List.copyOf(e.getValue()))).toList();
                });
    }

    /** The reps whose work the caller may list: all for ops, else their own, their reps' or their team's. */
    private String[] reps(Caller caller, String repId) {
        if (repId != null && !repId.isBlank()) {
            if (!caller.hasRole(Roles.OPS)) {
                team.actorFor(caller, repId);
            }
            return new String[] {repId};
        }
        List<String> visible = team.visibleReps(caller);
        return visible == null ? null : visible.toArray(String[]::new);
    }

    static void validate(ActivityRequest request) {
        ActivityType type = request.type();
        Map<String, Object> specific = new LinkedHashMap<>();
        specific.put("startsAt", request.startsAt());
        specific.put("endsAt", request.endsAt());
        specific.put("dueAt", request.dueAt());
        specific.put("amount", request.amount());
        specific.forEach((field, value) -> {
            if (value != null && !type.allowed().contains(field)) {
                throw ProblemException.unprocessable("field-not-applicable", "field '" + field + "' does not apply to a "
                        + type + "; it takes " + (type.allowed().isEmpty() ? "only subject and notes"
                        : "subject, notes and " + String.join(", ", type.allowed().stream().sorted().toList())));
            }
        });
        specific.put("subject", request.subject() == null || request.subject().isBlank() ? null : request.subject());
        for (String field : type.required().stream().sorted().toList()) {
            if (specific.get(field) == null) {
                throw ProblemException.unprocessable("field-required", "a " + type + " needs '" + field + "'")
                        .with("required", type.required().stream().sorted().toList());
            }
        }
        if (request.startsAt() != null && request.endsAt() != null && !request.endsAt().isAfter(request.startsAt())) {
            throw ProblemException.unprocessable("end-before-start", "a " + type + " must end after it starts");
        }
    }

    private static String strip(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
