package dev.baton.marketing.campaign.api;

import dev.baton.marketing.campaign.domain.CampaignChannel;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code POST /campaigns}. */
public record CampaignRequest(
        @NotBlank @Size(max = 200) String name,
        @NotNull CampaignChannel channel,
        @Size(max = 200) String utmSource,
        @Size(max = 200) String utmMedium,
        @Size(max = 200) String utmCampaign) {
}
