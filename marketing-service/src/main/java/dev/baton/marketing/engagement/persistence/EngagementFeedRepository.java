package dev.baton.marketing.engagement.persistence;

import dev.baton.marketing.engagement.domain.RecordedEngagement;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.baton.platform.time.Timestamps.instant;

/** SQL of the engagement feed: the sequence handed out, what was published, and the rows in between. */
@ApplicationScoped
public class EngagementFeedRepository {

    private static final String STATE = "SELECT (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM engagement_seq)"
            + " AS handed_out, (SELECT seq FROM engagement_feed) AS published";
    private static final String RUNNING = "SELECT backend_xid::text AS xid FROM pg_stat_activity"
            + " WHERE datname = current_database() AND backend_xid IS NOT NULL";
    /** The rows to publish, each device named by its pseudonym (made with its visitor row), never by its id. */
    private static final String NEXT = "SELECT e.tx, e.seq, e.event_id, v.pseudonym::text AS visitor, e.lead_id, e.type,"
            + " e.occurred_at, e.properties::text AS properties FROM engagement e"
            + " LEFT JOIN visitor v ON v.visitor_id = e.visitor_id"
            + " WHERE e.seq > $1 AND e.seq <= $2 ORDER BY e.seq LIMIT $3";

    /** The highest sequence value handed out so far, and the last one published. */
    public record FeedState(long handedOut, long published) {

        /** Recorded (or being recorded) and not yet published. */
        public long lag() {
            return Math.max(0, handedOut - published);
        }
    }

    public Uni<FeedState> state(SqlClient client) {
        return client.query(STATE).execute().map(rows -> {
            Row state = rows.iterator().next();
            return new FeedState(state.getLong("handed_out"), state.getLong("published"));
        });
    }

    /** The ids of the transactions of this database running now. */
    public Uni<Set<String>> runningTransactions(SqlClient client) {
        return client.query(RUNNING).execute().map(rows -> {
            Set<String> running = new HashSet<>();
            rows.forEach(row -> running.add(row.getString("xid")));
            return running;
        });
    }

    /** At most {@code max} rows with a sequence value in (after, upTo], in sequence order. */
    public Uni<List<RecordedEngagement>> between(SqlClient client, long after, long upTo, int max) {
        return client.preparedQuery(NEXT).execute(Tuple.of(after, upTo, max)).map(rows -> {
            List<RecordedEngagement> recorded = new ArrayList<>(rows.size());
            for (Row row : rows) {
                recorded.add(new RecordedEngagement(row.getLong("tx"), row.getLong("seq"), row.getString("event_id"),
                        row.getString("visitor"), row.getUUID("lead_id"), row.getString("type"),
                        instant(row.getOffsetDateTime("occurred_at")), row.getString("properties")));
            }
            return recorded;
        });
    }

    /** Moves the feed past sequence values that were rolled back (never past one already published). */
    public Uni<Void> skipTo(SqlClient client, long seq) {
        return client.preparedQuery("UPDATE engagement_feed SET seq = $1 WHERE seq < $1")
                .execute(Tuple.of(seq)).replaceWithVoid();
    }

    /** Records the last sequence value published. */
    public Uni<Void> published(SqlClient client, long seq) {
        return client.preparedQuery("UPDATE engagement_feed SET seq = $1")
                .execute(Tuple.of(seq)).replaceWithVoid();
    }
}
