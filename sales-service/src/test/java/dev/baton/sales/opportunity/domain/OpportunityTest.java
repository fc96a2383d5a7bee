package dev.baton.sales.opportunity.domain;

import dev.baton.contract.Owner;
import dev.baton.contract.Stage;
import dev.baton.sales.lead.domain.LeadState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import static dev.baton.sales.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The pipeline's rules: what may happen to an opportunity in which status, and what a move or a close records. */
class OpportunityTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:15:30.123456Z");

    @Test
    void aHandoffAwaitsTheRepsAnswerAtTheStartOfThePipeline() {
        UUID lead = UUID.randomUUID();
        UUID referrer = UUID.randomUUID();
        Opportunity o = Opportunity.handedOff(lead, "rep-ada", "team-north", referrer, NOW.plusSeconds(3600), NOW);

        assertThat(o.kind()).isEqualTo(OpportunityKind.NEW_BUSINESS);
        assertThat(o.status()).isEqualTo(OpportunityStatus.AWAITING_RESPONSE);
        assertThat(o.pipelineStage()).isEqualTo(PipelineStage.FOLLOW_UP);
        assertThat(o.referrerLeadId()).isEqualTo(referrer);
        assertThat(o.slaDueAt()).isEqualTo(NOW.plusSeconds(3600));
        assertThat(o.createdAt()).isEqualTo(NOW).isEqualTo(o.updatedAt());
        assertThat(o.responsePending()).isNull();
        assertThat(o.closesTheLead()).isTrue();
    }

    @Test
    void aCrossSellIsOpenAtOnceAndNeverClosesTheLead() {
        Opportunity o = Opportunity.crossSell(UUID.randomUUID(), "  Support plan ", "rep-ada", "team-north",
                new BigDecimal("1200.00"), LocalDate.of(2026, 6, 30), NOW);

        assertThat(o.kind()).isEqualTo(OpportunityKind.CROSS_SELL);
        assertThat(o.status()).isEqualTo(OpportunityStatus.OPEN);
        assertThat(o.title()).isEqualTo("Support plan");
        assertThat(o.amount()).isEqualByComparingTo("1200");
        assertThat(o.closesTheLead()).isFalse();
        assertThatCode(o::requireOpenForWork).doesNotThrowAnyException();
    }

    @Test
    void onlyAnOpenOpportunityIsWorked() {
        assertThatCode(opportunity(OpportunityStatus.OPEN, PipelineStage.PROPOSAL)::requireOpenForWork)
                .doesNotThrowAnyException();
        for (OpportunityStatus status : new OpportunityStatus[] {OpportunityStatus.AWAITING_RESPONSE,
                OpportunityStatus.REJECTED, OpportunityStatus.REASSIGNED}) {
            refused(409, "not-open", opportunity(status, PipelineStage.FOLLOW_UP)::requireOpenForWork);
        }
    }

    @ParameterizedTest
    @EnumSource(value = OpportunityStatus.class, names = {"WON", "LOST"})
    void aClosedOpportunityIsNeitherWorkedNorAnswered(OpportunityStatus status) {
        Opportunity closed = opportunity(status, PipelineStage.CLOSING);

        assertThat(closed.isClosed()).isTrue();
        assertThat(refused(409, "already-closed", closed::requireOpenForWork).getMessage()).contains(status.name());
        refused(409, "not-awaiting-response", () -> closed.needsAnswer(HandoffDecision.ACCEPT));
    }

    @Test
    void aHandoffIsAnsweredOnceAndTheSameAnswerAgainChangesNothing() {
        Opportunity awaiting = opportunity(OpportunityStatus.AWAITING_RESPONSE, PipelineStage.FOLLOW_UP);
        assertThat(awaiting.needsAnswer(HandoffDecision.ACCEPT)).isTrue();
        assertThat(awaiting.needsAnswer(HandoffDecision.REJECT)).isTrue();

        Opportunity accepting = withPending(awaiting, "ACCEPT");
        assertThat(accepting.needsAnswer(HandoffDecision.ACCEPT)).isFalse();
        assertThat(refused(409, "answer-pending", () -> accepting.needsAnswer(HandoffDecision.REJECT)).getMessage())
                .contains("ACCEPT");
    }

    @Test
    void anOpenOpportunityIsNoLongerAnswered() {
        refused(409, "not-awaiting-response",
                () -> opportunity(OpportunityStatus.OPEN, PipelineStage.FOLLOW_UP).needsAnswer(HandoffDecision.ACCEPT));
    }

    @Test
    void aMoveForwardIsRecordedWithWhoMadeItForWhichRep() {
        Opportunity o = opportunity(OpportunityStatus.OPEN, PipelineStage.FOLLOW_UP);

        StageChange change = o.moveTo(PipelineStage.PROPOSAL, new BigDecimal("5000"), LocalDate.of(2026, 5, 1), "  ",
                "assistant-alan", NOW);

        assertThat(change.opportunityId()).isEqualTo(o.opportunityId());
        assertThat(change.from()).isEqualTo("FOLLOW_UP");
        assertThat(change.to()).isEqualTo("PROPOSAL");
        assertThat(change.amount()).isEqualByComparingTo("5000");
        assertThat(change.expectedCloseDate()).isEqualTo(LocalDate.of(2026, 5, 1));
        assertThat(change.reason()).as("a blank reason is no reason").isNull();
        assertThat(change.actorId()).isEqualTo("assistant-alan");
        assertThat(change.repId()).isEqualTo("rep-ada");
        assertThat(change.occurredAt()).isEqualTo(NOW);
    }

    @Test
    void aMoveToTheSameStageIsRefused() {
        Opportunity o = opportunity(OpportunityStatus.OPEN, PipelineStage.RELATIONSHIP);
        refused(409, "same-stage", () -> o.moveTo(PipelineStage.RELATIONSHIP, null, null, "again", "rep-ada", NOW));
    }

    @Test
    void aMoveBackNeedsAReason() {
        Opportunity o = opportunity(OpportunityStatus.OPEN, PipelineStage.PROPOSAL);

        refused(422, "reason-required", () -> o.moveTo(PipelineStage.RELATIONSHIP, null, null, null, "rep-ada", NOW));
        refused(422, "reason-required", () -> o.moveTo(PipelineStage.FOLLOW_UP, null, null, " ", "rep-ada", NOW));
        StageChange back = o.moveTo(PipelineStage.RELATIONSHIP, null, null, " budget frozen ", "rep-ada", NOW);
        assertThat(back.reason()).isEqualTo("budget frozen");
    }

    @Test
    void aLostOpportunityNeedsAReasonAWonOneDoesNot() {
        assertThat(Opportunity.outcome(true, null)).isEqualTo(OpportunityStatus.WON);
        assertThat(Opportunity.outcome(false, "no budget")).isEqualTo(OpportunityStatus.LOST);
        refused(422, "reason-required", () -> Opportunity.outcome(false, null));
        refused(422, "reason-required", () -> Opportunity.outcome(false, "   "));
    }

    @Test
    void aCloseIsRecordedFromTheStageItEndedAt() {
        Opportunity o = opportunity(OpportunityStatus.OPEN, PipelineStage.CLOSING);

        StageChange end = o.closeAs(OpportunityStatus.LOST, null, " went with a competitor ", "manager-barbara", NOW);

        assertThat(end.from()).isEqualTo("CLOSING");
        assertThat(end.to()).isEqualTo("LOST");
        assertThat(end.reason()).isEqualTo("went with a competitor");
        assertThat(end.expectedCloseDate()).isNull();
        assertThat(end.actorId()).isEqualTo("manager-barbara");
        assertThat(end.repId()).isEqualTo("rep-ada");
    }

    static Opportunity opportunity(OpportunityStatus status, PipelineStage stage) {
        return new Opportunity(UUID.randomUUID(), UUID.randomUUID(), OpportunityKind.NEW_BUSINESS, null, "rep-ada",
                "team-north", status, stage, null, null, null, null, null, null, null, null, NOW, NOW, null,
                new LeadState(Stage.QUALIFIED, Owner.SALES, "rep-ada"));
    }

    private static Opportunity withPending(Opportunity o, String decision) {
        return new Opportunity(o.opportunityId(), o.leadId(), o.kind(), o.title(), o.repId(), o.teamId(), o.status(),
                o.pipelineStage(), decision, o.amount(), o.expectedCloseDate(), o.outcomeReason(), o.referrerLeadId(),
                o.slaDueAt(), NOW, "rep-ada", o.createdAt(), o.updatedAt(), o.closedAt(), o.lead());
    }
}
