package dev.baton.marketing.lead;

import dev.baton.contract.Owner;
import dev.baton.contract.Stage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /leads/{id}}.
 *
 * @param stage          the current stage (who may act now)
 * @param highestStage   the highest stage ever reached (for the funnel)
 * @param owner          MARKETING or SALES, as last learned from the handoff service
 * @param handoffPending qualified and on its way to sales: marketing no longer acts on it
 * @param visitorIds     the visitors (devices) stitched to this lead
 */
public record LeadResponse(
        UUID leadId,
        String email,
        Stage stage,
        Stage highestStage,
        Owner owner,
        String repId,
        boolean handoffPending,
        boolean consentToContact,
        BigDecimal score,
        long sequence,
        List<String> visitorIds,
        long engagementCount,
        Instant createdAt) {

    static LeadResponse of(Lead lead, List<String> visitorIds, long engagementCount) {
        return new LeadResponse(lead.leadId(), lead.email(), lead.stage(), lead.highestStage(), lead.owner(),
                lead.repId(), lead.handoffPending(), lead.consentToContact(), lead.score(), lead.seq(), visitorIds,
                engagementCount, lead.createdAt());
    }
}
