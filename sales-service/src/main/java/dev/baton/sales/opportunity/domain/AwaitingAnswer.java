package dev.baton.sales.opportunity.domain;

import java.time.Instant;
import java.util.UUID;

/** A handoff waiting for its rep's answer, and when its SLA window is at risk and ends. */
public record AwaitingAnswer(UUID opportunityId, UUID leadId, String repId, Instant slaDueAt, Instant slaAtRiskAt) {

    /** Past the at-risk point of its window; a handoff recorded without one is never flagged. */
    public boolean atRiskAt(Instant now) {
        return slaAtRiskAt != null && !now.isBefore(slaAtRiskAt);
    }
}
