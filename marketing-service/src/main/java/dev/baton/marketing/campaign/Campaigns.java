package dev.baton.marketing.campaign;

import dev.baton.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Campaigns, and the attribution of engagement and conversions to them. */
@ApplicationScoped
public class Campaigns {

    private static final String COLUMNS =
            "campaign_id, name, channel, utm_source, utm_medium, utm_campaign, status, created_at, archived_at";

    public Uni<Campaign> create(SqlClient client, CampaignRequest request) {
        UUID id = UUID.randomUUID();
        return client.preparedQuery("INSERT INTO campaign (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, 'ACTIVE', $7, NULL)"
                        + " RETURNING " + COLUMNS)
                .execute(Tuple.from(new Object[] {id, request.name(), request.channel().name(), request.utmSource(),
                        request.utmMedium(), request.utmCampaign(), Instant.now().atOffset(ZoneOffset.UTC)}))
                .map(rows -> Campaign.from(rows.iterator().next()))
                .onFailure(e -> e instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState()))
                .transform(e -> ProblemException.conflict("duplicate-utm",
                        "an active campaign already has these UTM parameters"));
    }

    public Uni<List<Campaign>> list(SqlClient client, String status) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM campaign WHERE ($1::text IS NULL OR status = $1)"
                        + " ORDER BY created_at DESC LIMIT 500")
                .execute(Tuple.of(status))
                .map(rows -> rows.stream().map(Campaign::from).toList());
    }

    public Uni<Campaign> archive(SqlClient client, UUID campaignId) {
        return client.preparedQuery("UPDATE campaign SET status = 'ARCHIVED', archived_at = COALESCE(archived_at, $2)"
                        + " WHERE campaign_id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(campaignId, Instant.now().atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw ProblemException.notFound("campaign", campaignId.toString());
                    }
                    return Campaign.from(rows.iterator().next());
                });
    }

    /**
     * The active campaign a touch is attributed to: by id, or by its UTM parameters; {@code null} when neither is
     * given. 422 when the id or the UTM parameters name no active campaign.
     */
    public Uni<UUID> resolve(SqlClient client, UUID campaignId, String utmSource, String utmMedium, String utmCampaign) {
        if (campaignId != null) {
            return client.preparedQuery("SELECT campaign_id FROM campaign WHERE campaign_id = $1 AND status = 'ACTIVE'")
                    .execute(Tuple.of(campaignId))
                    .map(rows -> {
                        if (!rows.iterator().hasNext()) {
                            throw ProblemException.unprocessable("unknown-campaign",
                                    "campaign " + campaignId + " does not exist or is archived");
                        }
                        return campaignId;
                    });
        }
        if (utmSource == null && utmMedium == null && utmCampaign == null) {
            return Uni.createFrom().nullItem();
        }
        return client.preparedQuery("SELECT campaign_id FROM campaign WHERE status = 'ACTIVE'"
                        + " AND utm_source IS NOT DISTINCT FROM $1 AND utm_medium IS NOT DISTINCT FROM $2"
                        + " AND utm_campaign IS NOT DISTINCT FROM $3")
                .execute(Tuple.of(utmSource, utmMedium, utmCampaign))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getUUID("campaign_id") : null);
    }
}
