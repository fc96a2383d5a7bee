package dev.baton.sales.opportunity.domain;

import dev.baton.platform.problem.ProblemException;
import dev.baton.sales.Text;
import dev.baton.sales.lead.domain.LeadState;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * An opportunity: one handoff of a lead to a rep (or a cross-sell to a customer), through the pipeline to WON or LOST.
 * {@code lead} is sales' current view of the lead (stage, owner and assignee from the lifecycle and ownership topics).
 * The methods are the pipeline's rules: what may happen to it in which status.
 */
public record Opportunity(
        UUID opportunityId,
        UUID leadId,
        OpportunityKind kind,
        String title,
        String repId,
        String teamId,
        OpportunityStatus status,
        PipelineStage pipelineStage,
        String responsePending,
        BigDecimal amount,
        LocalDate expectedCloseDate,
        String outcomeReason,
        UUID referrerLeadId,
        Instant slaDueAt,
        Instant respondedAt,
        String respondedBy,
        Instant createdAt,
        Instant updatedAt,
        Instant closedAt,
        LeadState lead) {

    /** A lead handed off to {@code repId}: awaiting their answer, at the start of the pipeline. */
    public static Opportunity handedOff(UUID leadId, String repId, String teamId, UUID referrerLeadId, Instant slaDueAt,
            Instant at) {
        return new Opportunity(UUID.randomUUID(), leadId, OpportunityKind.NEW_BUSINESS, null, repId, teamId,
                OpportunityStatus.AWAITING_RESPONSE, PipelineStage.FOLLOW_UP, null, null, null, null, referrerLeadId,
                slaDueAt, null, null, at, at, null, null);
    }

    /** A further product offered to a customer: open at once for the customer's rep. */
    public static Opportunity crossSell(UUID leadId, String title, String repId, String teamId, BigDecimal amount,
            LocalDate expectedCloseDate, Instant at) {
        return new Opportunity(UUID.randomUUID(), leadId, OpportunityKind.CROSS_SELL, title.strip(), repId, teamId,
                OpportunityStatus.OPEN, PipelineStage.FOLLOW_UP, null, amount, expectedCloseDate, null, null, null,
                null, null, at, at, null, null);
    }

    public boolean isClosed() {
        return status == OpportunityStatus.WON || status == OpportunityStatus.LOST;
    }

    /** Only an accepted, OPEN opportunity is worked (moved, closed, given activities): 409 otherwise. */
    public void requireOpenForWork() {
        if (isClosed()) {
            throw ProblemException.conflict("already-closed", "opportunity " + opportunityId
                    + " is already closed as " + status).with("opportunityStatus", status.name());
        }
        if (status != OpportunityStatus.OPEN) {
            throw ProblemException.conflict("not-open", "opportunity " + opportunityId + " is "
                    + status + "; only an accepted, open opportunity can be worked")
                    .with("opportunityStatus", status.name());
        }
    }

    /**
     * Whether the rep's answer still has to be sent: false when the same answer is already on its way (answering again
     * changes nothing); 409 when the opportunity awaits no answer, or the other answer is on its way.
     */
    public boolean needsAnswer(HandoffDecision decision) {
        if (status != OpportunityStatus.AWAITING_RESPONSE) {
            throw ProblemException.conflict("not-awaiting-response", "opportunity " + opportunityId + " is "
                    + status + "; only a handed-off opportunity can be accepted or rejected")
                    .with("opportunityStatus", status.name());
        }
        if (responsePending == null) {
            return true;
        }
        if (responsePending.equals(decision.name())) {
            return false;
        }
        throw ProblemException.conflict("answer-pending", "an answer (" + responsePending
                + ") is already on its way for opportunity " + opportunityId);
    }

    /**
     * The move of this open opportunity to another pipeline stage, by {@code actorId}: 409 when it is already there,
     * 422 for a move back without a reason.
     */
    public StageChange moveTo(PipelineStage stage, BigDecimal newAmount, LocalDate newExpectedCloseDate, String reason,
            String actorId, Instant at) {
        if (stage == pipelineStage) {
            throw ProblemException.conflict("same-stage", "opportunity " + opportunityId
                    + " is already at " + pipelineStage).with("pipelineStage", pipelineStage.name());
        }
        boolean back = stage.ordinal() < pipelineStage.ordinal();
        if (back && Text.blankToNull(reason) == null) {
            throw ProblemException.unprocessable("reason-required", "moving back from "
                    + pipelineStage + " to " + stage + " needs a reason");
        }
        return new StageChange(UUID.randomUUID(), opportunityId, pipelineStage.name(), stage.name(), newAmount,
                newExpectedCloseDate, Text.blankToNull(reason), actorId, repId, at);
    }

    /** The end of this opportunity's pipeline, WON or LOST, recorded like a move (from its stage to the outcome). */
    public StageChange closeAs(OpportunityStatus outcome, BigDecimal finalAmount, String reason, String actorId,
            Instant at) {
        return new StageChange(UUID.randomUUID(), opportunityId, pipelineStage.name(), outcome.name(), finalAmount,
                null, Text.blankToNull(reason), actorId, repId, at);
    }

    /** The outcome of a close: WON or LOST; a LOST needs a reason (422), a WON's reason is optional. */
    public static OpportunityStatus outcome(boolean won, String reason) {
        if (!won && Text.blankToNull(reason) == null) {
            throw ProblemException.unprocessable("reason-required", "a LOST opportunity needs a reason");
        }
        return won ? OpportunityStatus.WON : OpportunityStatus.LOST;
    }

    /** Closing a handed-off lead's opportunity moves the lead to CLOSED; a cross-sell never moves the lifecycle back. */
    public boolean closesTheLead() {
        return kind == OpportunityKind.NEW_BUSINESS;
    }
}
