package dev.baton.marketing.lead.domain;

import dev.baton.contract.Actor;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Owner;
import dev.baton.contract.Stage;
import dev.baton.testkit.TestEvents;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import static dev.baton.marketing.lead.domain.LeadExamples.LEAD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lifecycle transitions marketing makes (KNOWN to QUALIFIED, asking again for a handoff) and what it takes from
 * the transitions the other services make (handoff answers, closing).
 */
class LifecycleTransitionsTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void onlyAKnownContactableLeadMarketingMayActOnCanBeQualified() {
        assertThat(LeadExamples.known().mayBeQualified()).isTrue();
        assertThat(LeadExamples.inStage(Stage.QUALIFIED).mayBeQualified()).as("already qualified").isFalse();
        assertThat(LeadExamples.withoutConsent().mayBeQualified()).as("no consent").isFalse();
        assertThat(LeadExamples.pending().mayBeQualified()).as("handoff pending").isFalse();
        assertThat(LeadExamples.ownedBySales().mayBeQualified()).as("sales owns it").isFalse();
    }

    @Test
    void highIntentConversionsQualifyAtOnceWithTheirOwnTriggerAndReason() {
        assertThat(ConversionKind.CONSULTATION.qualifiesAtOnce()).isTrue();
        assertThat(ConversionKind.REFERRAL.qualifiesAtOnce()).isTrue();
        assertThat(ConversionKind.FORM.qualifiesAtOnce()).isFalse();
        assertThat(ConversionKind.TRIAL.qualifiesAtOnce()).isFalse();
        assertThat(ConversionKind.NEWSLETTER.qualifiesAtOnce()).isFalse();

        assertThat(ConversionKind.REFERRAL.qualificationTrigger()).isEqualTo("REFERRAL");
        assertThat(ConversionKind.REFERRAL.qualificationReason()).isEqualTo("referred by a customer");
        assertThat(ConversionKind.CONSULTATION.qualificationTrigger()).isEqualTo("CONSULTATION");
        assertThat(ConversionKind.CONSULTATION.qualificationReason()).isEqualTo("consultation requested");
    }

    @Test
    void marketingsNextEventTakesTheNextSequenceNumber() {
        assertThat(LeadExamples.known().nextSequence()).isEqualTo(4);
    }

    @Test
    void aRefusalCanBeAskedAgainOnlyWhenANewRequestCanChangeIt() {
        assertThat(new HandoffRefusal("LEAD_UNKNOWN", AT, false).askableAgain()).isTrue();
        assertThat(new HandoffRefusal("NO_CONSENT", AT, false).askableAgain()).isTrue();
        assertThat(new HandoffRefusal("NO_REP_AVAILABLE", AT, false).askableAgain()).isTrue();
        assertThat(new HandoffRefusal("NO_REP_AVAILABLE", AT, true).askableAgain())
                .as("the handoff service retries it itself").isFalse();
        assertThat(new HandoffRefusal("ERASED", AT, false).askableAgain()).isFalse();
        assertThat(new HandoffRefusal("ALREADY_OWNED_BY_SALES", AT, false).askableAgain()).isFalse();
    }

    @Test
    void handedOffGivesTheLeadToSalesAndEndsTheWait() {
        LifecycleChange change = LifecycleChange.of(event("handed-off", Stage.QUALIFIED, Stage.QUALIFIED, Map.of()));

        assertThat(change.answersHandoff()).isTrue();
        assertThat(change.lifecycleOwner()).isEqualTo(Owner.SALES);
        assertThat(change.refusal()).isNull();
        assertThat(change.handoffPendingAfter(true)).isFalse();
        assertThat(change.movesStage()).isFalse();
    }

    @Test
    void aRefusedHandoffIsShownAndKeepsTheLeadPendingOnlyWhileRetried() {
        LifecycleChange final_ = LifecycleChange.of(event("handoff-refused", Stage.QUALIFIED, Stage.QUALIFIED,
                Map.of("reasonCode", "NO_CONSENT")));
        assertThat(final_.lifecycleOwner()).isEqualTo(Owner.MARKETING);
        assertThat(final_.refusal()).isEqualTo(new HandoffRefusal("NO_CONSENT", AT, false));
        assertThat(final_.handoffPendingAfter(true)).isFalse();

        LifecycleChange retried = LifecycleChange.of(event("handoff-refused", Stage.QUALIFIED, Stage.QUALIFIED,
                Map.of("reasonCode", "NO_REP_AVAILABLE", "retrying", true)));
        assertThat(retried.refusal().retrying()).isTrue();
        assertThat(retried.handoffPendingAfter(true)).isTrue();

        LifecycleChange withoutCode = LifecycleChange.of(event("handoff-refused", Stage.QUALIFIED, Stage.QUALIFIED,
                Map.of()));
        assertThat(withoutCode.refusal().reasonCode()).isEqualTo("UNSPECIFIED");
    }

    @Test
    void recycledGivesTheLeadBackToMarketing() {
        LifecycleChange change = LifecycleChange.of(event("recycled", Stage.QUALIFIED, Stage.KNOWN, Map.of()));

        assertThat(change.lifecycleOwner()).isEqualTo(Owner.MARKETING);
        assertThat(change.refusal()).isNull();
        assertThat(change.movesStage()).isTrue();
        assertThat(change.handoffPendingAfter(true)).isFalse();
    }

    @Test
    void aTransitionThatAnswersNoHandoffLeavesThePendingFlagAsItWas() {
        LifecycleChange accepted = LifecycleChange.of(event("accepted", Stage.QUALIFIED, Stage.QUALIFIED, Map.of()));

        assertThat(accepted.answersHandoff()).isFalse();
        assertThat(accepted.handoffPendingAfter(true)).isTrue();
        assertThat(accepted.handoffPendingAfter(false)).isFalse();
        assertThat(accepted.closes()).isFalse();
    }

    @Test
    void closedRecordsTheOutcomeAndAmount() {
        LifecycleChange won = LifecycleChange.of(event("closed", Stage.QUALIFIED, Stage.CLOSED,
                Map.of("outcome", "WON", "amount", 12_500.5)));
        assertThat(won.closes()).isTrue();
        assertThat(won.outcome()).isEqualTo("WON");
        assertThat(won.amount()).isEqualByComparingTo(new BigDecimal("12500.5"));
        assertThat(won.movesStage()).isTrue();

        LifecycleChange lost = LifecycleChange.of(event("closed", Stage.QUALIFIED, Stage.CLOSED,
                Map.of("outcome", "LOST")));
        assertThat(lost.outcome()).isEqualTo("LOST");
        assertThat(lost.amount()).isNull();
    }

    private static LifecycleEvent event(String type, Stage from, Stage to, Map<String, Object> details) {
        return TestEvents.lifecycleEvent(LEAD.toString(), type, from, to, Actor.user("rep-1"), null, null, 4, AT, details);
    }
}
