package dev.baton.marketing.campaign.persistence;

import dev.baton.marketing.campaign.domain.Campaign;
import dev.baton.marketing.campaign.domain.CampaignChannel;
import dev.baton.marketing.campaign.domain.Utm;
import dev.baton.platform.time.Timestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** SQL for campaigns. */
@ApplicationScoped
public class CampaignRepository {

    private static final String COLUMNS =
            "campaign_id, name, channel, utm_source, utm_medium, utm_campaign, status, created_at, archived_at";

    /** Inserts an ACTIVE campaign; fails with a unique violation (23505) when an active one has the same UTM. */
    public Uni<Campaign> insert(SqlClient client, String name, CampaignChannel channel, Utm utm, Instant at) {
        return client.preparedQuery("INSERT INTO campaign (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, 'ACTIVE', $7, NULL)"
                        + " RETURNING " + COLUMNS)
                .execute(Tuple.from(new Object[] {UUID.randomUUID(), name, channel.name(), utm.source(), utm.medium(),
                        utm.campaign(), Timestamps.utc(at)}))
                .map(rows -> campaign(rows.iterator().next()));
    }

    /** The 500 newest campaigns, of the status given (null: any). */
    public Uni<List<Campaign>> list(SqlClient client, String status) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM campaign WHERE ($1::text IS NULL OR status = $1)"
                        + " ORDER BY created_at DESC LIMIT 500")
                .execute(Tuple.of(status))
                .map(rows -> rows.stream().map(CampaignRepository::campaign).toList());
    }

    /** Archives the campaign (the first archive time is kept); null when there is no such campaign. */
    public Uni<Campaign> archive(SqlClient client, UUID campaignId, Instant at) {
        return client.preparedQuery("UPDATE campaign SET status = 'ARCHIVED', archived_at = COALESCE(archived_at, $2)"
                        + " WHERE campaign_id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(campaignId, Timestamps.utc(at)))
                .map(rows -> rows.iterator().hasNext() ? campaign(rows.iterator().next()) : null);
    }

    public Uni<Boolean> isActive(SqlClient client, UUID campaignId) {
        return client.preparedQuery("SELECT campaign_id FROM campaign WHERE campaign_id = $1 AND status = 'ACTIVE'")
                .execute(Tuple.of(campaignId))
                .map(rows -> rows.iterator().hasNext());
    }

    /** The active campaign with exactly these UTM parameters, or null. */
    public Uni<UUID> activeByUtm(SqlClient client, Utm utm) {
        return client.preparedQuery("SELECT campaign_id FROM campaign WHERE status = 'ACTIVE'"
                        + " AND utm_source IS NOT DISTINCT FROM $1 AND utm_medium IS NOT DISTINCT FROM $2"
                        + " AND utm_campaign IS NOT DISTINCT FROM $3")
                .execute(Tuple.of(utm.source(), utm.medium(), utm.campaign()))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getUUID("campaign_id") : null);
    }

    private static Campaign campaign(Row row) {
        return new Campaign(row.getUUID("campaign_id"), row.getString("name"),
                CampaignChannel.valueOf(row.getString("channel")), row.getString("utm_source"),
                row.getString("utm_medium"), row.getString("utm_campaign"), row.getString("status"),
                Timestamps.instant(row.getOffsetDateTime("created_at")),
                Timestamps.instant(row.getOffsetDateTime("archived_at")));
    }
}
