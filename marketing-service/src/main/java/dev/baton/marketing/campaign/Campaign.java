package dev.baton.marketing.campaign;

import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A campaign and its UTM parameters; ACTIVE or ARCHIVED. */
public record Campaign(UUID campaignId, String name, CampaignChannel channel, String utmSource, String utmMedium,
        String utmCampaign, String status, Instant createdAt, Instant archivedAt) {

    static Campaign from(Row row) {
        OffsetDateTime archived = row.getOffsetDateTime("archived_at");
        return new Campaign(row.getUUID("campaign_id"), row.getString("name"),
                CampaignChannel.valueOf(row.getString("channel")), row.getString("utm_source"),
                row.getString("utm_medium"), row.getString("utm_campaign"), row.getString("status"),
                row.getOffsetDateTime("created_at").toInstant(), archived == null ? null : archived.toInstant());
    }
}
