package dev.baton.marketing.lead.api;

import dev.baton.contract.Owner;
import dev.baton.contract.Stage;
import dev.baton.marketing.lead.LeadService;
import dev.baton.contract.ConsentChannel;
import dev.baton.marketing.lead.domain.Consents;
import dev.baton.marketing.lead.domain.HandoffRefusal;
import dev.baton.marketing.lead.domain.Lead;
import dev.baton.marketing.lead.domain.Profile;
import dev.baton.marketing.scoring.domain.Score;

import java.util.Map;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /leads/{id}}.
 *
 * @param stage          the current stage (who may act now)
 * @param highestStage   the highest stage ever reached (for the funnel)
 * @param owner          SALES once the handoff service said so on either topic (handed-off, or the ownership record),
 *                       MARKETING when both say so
 * @param ownershipVersion the version of the last ownership record (lead.ownership.v1) applied here
 * @param handoffPending qualified and on its way to sales (waiting for a rep included): marketing no longer acts on it
 * @param handoffRefusal the last refusal of its handoff (reason code, time, whether the handoff service retries it),
 *                       until it is handed off, recycled or asked for again; null when none
 * @param visitorIds     the visitors (devices) stitched to this lead
 * @param score          the score now (engagement decays), stored value as of the last evaluation aside
 * @param scoreParts     how the score is made: fit points, engagement points per type, missing fit data, threshold
 * @param consent        consent per channel, with its source and time
 * @param mergedInto     set when this lead was merged into another (it is then an alias of it)
 */
public record LeadResponse(
        UUID leadId,
        String email,
        String name,
        Stage stage,
        Stage highestStage,
        Owner owner,
        String repId,
        long ownershipVersion,
        boolean handoffPending,
        HandoffRefusal handoffRefusal,
        boolean consentToContact,
        double score,
        Score scoreParts,
        Profile profile,
        Map<ConsentChannel, Consents.State> consent,
        String outcome,
        UUID mergedInto,
        long sequence,
        List<String> visitorIds,
        long engagementCount,
        Instant createdAt) {

    static LeadResponse of(LeadService.LeadDetails details) {
        Lead lead = details.lead();
        Score score = details.score();
        return new LeadResponse(lead.leadId(), lead.email(), lead.name(), lead.stage(), lead.highestStage(),
                lead.boundaryOwner(), lead.repId(), lead.ownershipVersion(), lead.handoffPending(),
                lead.handoffRefusal(), lead.consentToContact(), score.total(), score, lead.profile(), details.consent(),
                lead.outcome(), lead.mergedInto(), lead.seq(), details.visitorIds(), details.engagementCount(),
                lead.createdAt());
    }
}
