package dev.baton.marketing.campaign;

import dev.baton.marketing.campaign.domain.Campaign;
import dev.baton.marketing.campaign.domain.CampaignChannel;
import dev.baton.marketing.campaign.domain.Utm;
import dev.baton.marketing.campaign.persistence.CampaignRepository;
import dev.baton.platform.problem.ProblemException;
import dev.baton.platform.time.Timestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** Campaigns, and the attribution of engagement and conversions to them. */
@ApplicationScoped
public class CampaignService {

    private final Pool pool;
    private final CampaignRepository campaigns;

    public CampaignService(Pool pool, CampaignRepository campaigns) {
        this.pool = pool;
        this.campaigns = campaigns;
    }

    /** 409 when an active campaign already has these UTM parameters. */
    public Uni<Campaign> create(String name, CampaignChannel channel, Utm utm) {
        return campaigns.insert(pool, name, channel, utm, Timestamps.now())
                .onFailure(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState()))
                .transform(e -> ProblemException.conflict("duplicate-utm",
                        "an active campaign already has these UTM parameters"));
    }

    public Uni<List<Campaign>> list(String status) {
        return campaigns.list(pool, status);
    }

    /** 404 when there is no such campaign; archiving twice keeps the first time. */
    public Uni<Campaign> archive(UUID campaignId) {
        return campaigns.archive(pool, campaignId, Timestamps.now()).map(campaign -> {
            if (campaign == null) {
                throw ProblemException.notFound("campaign", campaignId.toString());
            }
            return campaign;
        });
    }

    /**
     * The active campaign a touch is attributed to, within the caller's transaction: by id, or by its UTM parameters;
     * {@code null} when neither is given (or no active campaign has those UTM parameters). 422 when the id names no
     * active campaign.
     */
    public Uni<UUID> attribution(SqlClient tx, UUID campaignId, Utm utm) {
        if (campaignId != null) {
            return campaigns.isActive(tx, campaignId).map(active -> {
                if (!active) {
                    throw ProblemException.unprocessable("unknown-campaign",
                            "campaign " + campaignId + " does not exist or is archived");
                }
                return campaignId;
            });
        }
        if (utm == null || utm.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return campaigns.activeByUtm(tx, utm);
    }
}
