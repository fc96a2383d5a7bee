package dev.baton.sales.activity.domain;

import dev.baton.contract.ConsentChannel;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import static dev.baton.sales.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** What each activity type takes, how tasks are completed, and when a follow-up is overdue. */
class ActivityRulesTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    @Test
    void eachTypeTakesItsOwnFields() {
        assertThatCode(() -> draft(ActivityType.CALL, null, null, null, null, null).validate()).doesNotThrowAnyException();
        assertThatCode(() -> draft(ActivityType.MEETING, null, NOW, NOW.plusSeconds(1800), null, null).validate())
                .doesNotThrowAnyException();
        assertThatCode(() -> draft(ActivityType.PROPOSAL, null, null, null, null, BigDecimal.TEN).validate())
                .doesNotThrowAnyException();
        assertThatCode(() -> draft(ActivityType.TASK, "send the offer", null, null, NOW, null).validate())
                .doesNotThrowAnyException();
    }

    @Test
    void aFieldThatDoesNotApplyIsRefused() {
        assertThat(refused(422, "field-not-applicable",
                () -> draft(ActivityType.CALL, null, null, null, NOW, null).validate()).getMessage())
                .contains("dueAt").contains("subject, notes and direction");
        assertThat(refused(422, "field-not-applicable", () -> new ActivityDraft(ActivityType.MEETING,
                ActivityDirection.INBOUND, null, null, NOW, NOW.plusSeconds(60), null, null).validate()).getMessage())
                .contains("direction");
        assertThat(refused(422, "field-not-applicable",
                () -> draft(ActivityType.TASK, "x", null, null, NOW, BigDecimal.ONE).validate()).getMessage())
                .contains("amount").contains("dueAt");
    }

    @Test
    void aMissingRequiredFieldIsRefusedAndABlankSubjectIsMissing() {
        refused(422, "field-required", () -> draft(ActivityType.MEETING, null, NOW, null, null, null).validate());
        refused(422, "field-required", () -> draft(ActivityType.PROPOSAL, null, null, null, null, null).validate());
        assertThat(refused(422, "field-required",
                () -> draft(ActivityType.TASK, "  ", null, null, NOW, null).validate()).getMessage()).contains("subject");
        refused(422, "field-required", () -> draft(ActivityType.TASK, "call back", null, null, null, null).validate());
    }

    @Test
    void aMeetingEndsAfterItStarts() {
        refused(422, "end-before-start", () -> draft(ActivityType.APPOINTMENT, null, NOW, NOW, null, null).validate());
        refused(422, "end-before-start",
                () -> draft(ActivityType.MEETING, null, NOW, NOW.minusSeconds(60), null, null).validate());
    }

    @Test
    void aRecordedActivityKeepsWhoDidItForWhichRepAndOnlyAProposalSetsTheValue() {
        UUID opportunity = UUID.randomUUID();
        ActivityDraft proposal = new ActivityDraft(ActivityType.PROPOSAL, null, " v2 ", " ", null, null, null,
                new BigDecimal("900"));

        Activity activity = proposal.record(opportunity, "assistant-alan", "rep-ada", NOW);

        assertThat(activity.opportunityId()).isEqualTo(opportunity);
        assertThat(activity.subject()).isEqualTo("v2");
        assertThat(activity.notes()).isNull();
        assertThat(activity.actorId()).isEqualTo("assistant-alan");
        assertThat(activity.repId()).isEqualTo("rep-ada");
        assertThat(activity.createdAt()).isEqualTo(NOW);
        assertThat(activity.completedAt()).isNull();
        assertThat(proposal.setsTheOpportunityValue()).isTrue();
        assertThat(draft(ActivityType.CALL, null, null, null, null, null).setsTheOpportunityValue()).isFalse();
    }

    @Test
    void aCallOrAnEmailIsOutboundUnlessSaidOtherwiseAndOnlyAnOutboundOneContactsThePerson() {
        assertThat(draft(ActivityType.CALL, null, null, null, null, null).contacts()).isEqualTo(ConsentChannel.PHONE);
        assertThat(draft(ActivityType.EMAIL, null, null, null, null, null).contacts()).isEqualTo(ConsentChannel.EMAIL);
        ActivityDraft inbound = new ActivityDraft(ActivityType.CALL, ActivityDirection.INBOUND, null, null, null, null,
                null, null);
        assertThat(inbound.contacts()).isNull();
        assertThat(inbound.record(UUID.randomUUID(), "rep-ada", "rep-ada", NOW).direction())
                .isEqualTo(ActivityDirection.INBOUND);
        Activity call = draft(ActivityType.CALL, null, null, null, null, null).record(UUID.randomUUID(), "rep-ada",
                "rep-ada", NOW);
        assertThat(call.direction()).isEqualTo(ActivityDirection.OUTBOUND);
        assertThat(draft(ActivityType.MEETING, null, NOW, NOW.plusSeconds(60), null, null).contacts()).isNull();
        assertThat(draft(ActivityType.MEETING, null, NOW, NOW.plusSeconds(60), null, null).effectiveDirection())
                .isNull();
    }

    @Test
    void onlyATaskIsCompletedAndCompletingItAgainChangesNothing() {
        Activity task = task(NOW.plusSeconds(3600));
        assertThat(task.needsCompletion()).isTrue();

        Activity done = task.completed("assistant-alan", NOW);
        assertThat(done.completedAt()).isEqualTo(NOW);
        assertThat(done.completedBy()).isEqualTo("assistant-alan");
        assertThat(done.actorId()).as("who created it stays").isEqualTo("rep-ada");
        assertThat(done.needsCompletion()).isFalse();

        Activity call = draft(ActivityType.CALL, null, null, null, null, null).record(UUID.randomUUID(), "rep-ada",
                "rep-ada", NOW);
        refused(409, "not-a-task", call::needsCompletion);
    }

    @Test
    void anOpenTaskPastItsDueTimeIsOverdue() {
        assertThat(task(NOW.minusSeconds(1)).overdueAt(NOW)).isTrue();
        assertThat(task(NOW).overdueAt(NOW)).isFalse();
        assertThat(task(NOW.plusSeconds(60)).overdueAt(NOW)).isFalse();
        assertThat(task(NOW.minusSeconds(60)).completed("rep-ada", NOW).overdueAt(NOW)).as("done").isFalse();
        Activity meeting = draft(ActivityType.MEETING, null, NOW.minusSeconds(7200), NOW.minusSeconds(3600), null, null)
                .record(UUID.randomUUID(), "rep-ada", "rep-ada", NOW);
        assertThat(meeting.overdueAt(NOW)).as("only tasks are follow-ups").isFalse();
    }

    @Test
    void aNextStepIsFlaggedOverdueOnlyForATaskPastDue() {
        UUID id = UUID.randomUUID();

        assertThat(NextStep.Step.at(id, ActivityType.TASK, "call", NOW.minusSeconds(1), NOW).overdue()).isTrue();
        assertThat(NextStep.Step.at(id, ActivityType.TASK, "call", NOW.plusSeconds(1), NOW).overdue()).isFalse();
        assertThat(NextStep.Step.at(id, ActivityType.MEETING, "demo", NOW.minusSeconds(1), NOW).overdue())
                .as("a meeting under way is not overdue").isFalse();
    }

    @Test
    void overdueFollowUpsAreCountedPerRep() {
        var followUp = new OverdueFollowUps.FollowUp(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "call",
                NOW.minusSeconds(60), "assistant-alan");

        OverdueFollowUps perRep = OverdueFollowUps.of("rep-ada", "team-north", java.util.List.of(followUp, followUp));

        assertThat(perRep.count()).isEqualTo(2);
        assertThat(perRep.teamId()).isEqualTo("team-north");
        assertThat(perRep.followUps()).hasSize(2);
    }

    private static ActivityDraft draft(ActivityType type, String subject, Instant startsAt, Instant endsAt,
            Instant dueAt, BigDecimal amount) {
        return new ActivityDraft(type, null, subject, null, startsAt, endsAt, dueAt, amount);
    }

    private static Activity task(Instant dueAt) {
        return draft(ActivityType.TASK, "follow up", null, null, dueAt, null).record(UUID.randomUUID(), "rep-ada",
                "rep-ada", NOW.minusSeconds(86400));
    }
}
