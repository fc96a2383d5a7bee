package dev.baton.sales.activity.persistence;

import dev.baton.platform.time.Timestamps;
import dev.baton.sales.activity.domain.Activity;
import dev.baton.sales.activity.domain.ActivityDirection;
import dev.baton.sales.activity.domain.ActivityType;
import dev.baton.sales.activity.domain.NextStep;
import dev.baton.sales.activity.domain.OverdueFollowUps;
import dev.baton.sales.opportunity.domain.OpportunityKind;
import dev.baton.sales.opportunity.domain.PipelineStage;
import dev.baton.sales.opportunity.persistence.OpportunityRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.baton.platform.time.Timestamps.utc;

/** SQL of activities, and the next steps and overdue follow-ups of open opportunities. */
@ApplicationScoped
public class ActivityRepository {

    private static final String COLUMNS = "activity_id, opportunity_id, type, direction, subject, notes, starts_at,"
            + " ends_at, due_at, amount, actor_id, rep_id, created_at, completed_at, completed_by";

    public Uni<Void> insert(SqlClient tx, Activity activity) {
        return tx.preparedQuery("INSERT INTO activity (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
                        + " $10, $11, $12, $13, $14, $15)")
                .execute(Tuple.from(new Object[] {activity.activityId(), activity.opportunityId(),
                        activity.type().name(), activity.direction() == null ? null : activity.direction().name(),
                        activity.subject(), activity.notes(), utc(activity.startsAt()),
                        utc(activity.endsAt()), utc(activity.dueAt()), activity.amount(), activity.actorId(),
                        activity.repId(), utc(activity.createdAt()), utc(activity.completedAt()),
                        activity.completedBy()}))
                .replaceWithVoid();
    }

    /** The opportunity's activity, locked; null when there is none. */
    public Uni<Activity> findForUpdate(SqlClient tx, UUID opportunityId, UUID activityId) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM activity WHERE activity_id = $1"
                        + " AND opportunity_id = $2 FOR UPDATE")
                .execute(Tuple.of(activityId, opportunityId))
                .map(rows -> rows.iterator().hasNext() ? activity(rows.iterator().next()) : null);
    }

    public Uni<Void> complete(SqlClient tx, UUID activityId, String by, Instant at) {
        return tx.preparedQuery("UPDATE activity SET completed_at = $2, completed_by = $3 WHERE activity_id = $1")
                .execute(Tuple.of(activityId, utc(at), by)).replaceWithVoid();
    }

    /** The activities of an opportunity, oldest first. */
    public Uni<List<Activity>> forOpportunity(SqlClient client, UUID opportunityId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM activity WHERE opportunity_id = $1"
                        + " ORDER BY created_at, activity_id")
                .execute(Tuple.of(opportunityId))
                .map(rows -> rows.stream().map(ActivityRepository::activity).toList());
    }

    /**
     * Every open opportunity of {@code reps} (null: all) with its next step at {@code now}: the earliest open task with a
     * due date, or meeting or appointment that has not ended; nothing planned first.
     */
    public Uni<List<NextStep>> nextSteps(SqlClient client, List<String> reps, Instant now) {
        return client.preparedQuery("SELECT o.opportunity_id, o.lead_id, o.kind, o.title, o.rep_id, o.pipeline_stage,"
                        + " o.amount, o.expected_close_date, n.activity_id, n.type, n.subject, n.at"
                        + " FROM opportunity o LEFT JOIN LATERAL ("
                        + "   SELECT a.activity_id, a.type, a.subject, COALESCE(a.due_at, a.starts_at) AS at"
                        + "   FROM activity a WHERE a.opportunity_id = o.opportunity_id AND a.completed_at IS NULL"
                        + "   AND ((a.type = 'TASK' AND a.due_at IS NOT NULL)"
                        + "        OR (a.type IN ('MEETING', 'APPOINTMENT') AND a.ends_at >= $2))"
                        + "   ORDER BY at, a.created_at LIMIT 1) n ON true"
                        + " WHERE o.status = 'OPEN' AND ($1::text[] IS NULL OR o.rep_id = ANY($1))"
                        + " ORDER BY n.at NULLS FIRST, o.created_at")
                .execute(Tuple.of(OpportunityRepository.array(reps), utc(now)))
                .map(rows -> rows.stream().map(row -> {
                    NextStep.Step step = row.getUUID("activity_id") == null ? null
                            : NextStep.Step.at(row.getUUID("activity_id"), ActivityType.valueOf(row.getString("type")),
                                    row.getString("subject"), Timestamps.instant(row.getOffsetDateTime("at")), now);
                    return new NextStep(row.getUUID("opportunity_id"), row.getUUID("lead_id"),
                            OpportunityKind.valueOf(row.getString("kind")), row.getString("title"),
                            row.getString("rep_id"), PipelineStage.valueOf(row.getString("pipeline_stage")),
                            row.getBigDecimal("amount"), row.getLocalDate("expected_close_date"), step);
                }).toList());
    }

    /** Open tasks past their due date on open opportunities of {@code reps} (null: all), per rep in rep order. */
    public Uni<Map<String, List<OverdueFollowUps.FollowUp>>> overdue(SqlClient client, List<String> reps, Instant now) {
        return client.preparedQuery("SELECT a.activity_id, a.opportunity_id, o.lead_id, a.rep_id, a.subject, a.due_at,"
                        + " a.actor_id FROM activity a JOIN opportunity o ON o.opportunity_id = a.opportunity_id"
                        + " WHERE a.type = 'TASK' AND a.completed_at IS NULL AND a.due_at < $2 AND o.status = 'OPEN'"
                        + " AND ($1::text[] IS NULL OR a.rep_id = ANY($1)) ORDER BY a.rep_id, a.due_at, a.activity_id")
                .execute(Tuple.of(OpportunityRepository.array(reps), utc(now)))
                .map(rows -> {
                    Map<String, List<OverdueFollowUps.FollowUp>> byRep = new LinkedHashMap<>();
                    for (Row row : rows) {
                        byRep.computeIfAbsent(row.getString("rep_id"), r -> new ArrayList<>())
                                .add(new OverdueFollowUps.FollowUp(row.getUUID("activity_id"),
                                        row.getUUID("opportunity_id"), row.getUUID("lead_id"), row.getString("subject"),
                                        Timestamps.instant(row.getOffsetDateTime("due_at")), row.getString("actor_id")));
                    }
                    return byRep;
                });
    }

    private static Activity activity(Row row) {
        return new Activity(row.getUUID("activity_id"), row.getUUID("opportunity_id"),
                ActivityType.valueOf(row.getString("type")), direction(row.getString("direction")),
                row.getString("subject"), row.getString("notes"),
                Timestamps.instant(row.getOffsetDateTime("starts_at")), Timestamps.instant(row.getOffsetDateTime("ends_at")),
                Timestamps.instant(row.getOffsetDateTime("due_at")), row.getBigDecimal("amount"), row.getString("actor_id"),
                row.getString("rep_id"), Timestamps.instant(row.getOffsetDateTime("created_at")),
                Timestamps.instant(row.getOffsetDateTime("completed_at")), row.getString("completed_by"));
    }

    private static ActivityDirection direction(String value) {
        return value == null ? null : ActivityDirection.valueOf(value);
    }
}
