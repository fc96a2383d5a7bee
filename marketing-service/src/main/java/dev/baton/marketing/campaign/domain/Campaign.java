package dev.baton.marketing.campaign.domain;

import java.time.Instant;
import java.util.UUID;

/** A campaign and its UTM parameters; ACTIVE or ARCHIVED. */
public record Campaign(UUID campaignId, String name, CampaignChannel channel, String utmSource, String utmMedium,
        String utmCampaign, String status, Instant createdAt, Instant archivedAt) {
}
