package dev.baton.marketing.send.persistence;

import dev.baton.marketing.send.domain.Send;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

import static dev.baton.platform.time.Timestamps.utc;

/** SQL for sends. */
@ApplicationScoped
public class SendRepository {

    public Uni<Void> insert(SqlClient tx, Send send, String actorId) {
        return tx.preparedQuery("INSERT INTO marketing_send (send_id, lead_id, kind, channel, campaign_id, topics, actor_id,"
                        + " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.from(new Object[] {send.sendId(), send.leadId(), send.kind().name(), send.channel().name(),
                        send.campaignId(), send.topics().toArray(String[]::new), actorId, utc(send.createdAt())}))
                .replaceWithVoid();
    }

    /** The three topics the lead engaged with most (the {@code topic} property of its engagement), most first. */
    public Uni<List<String>> topInterests(SqlClient client, UUID leadId) {
        return client.preparedQuery("SELECT properties->>'topic' AS topic, count(*) AS n FROM engagement"
                        + " WHERE lead_id = $1 AND properties ? 'topic' GROUP BY 1 ORDER BY n DESC, topic LIMIT 3")
                .execute(Tuple.of(leadId))
                .map(rows -> rows.stream().map(row -> row.getString("topic")).toList());
    }
}
