package dev.baton.handoff;

import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Stage;
import dev.baton.testkit.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A marketer asks again for a refused handoff ({@code handoff-requested}, marketing's POST /leads/{id}/handoff/retry):
 * the handoff service answers it as it answers {@code qualified}.
 */
@QuarkusTest
@HandoffTestResource
class HandoffRequestTest {

    @Test
    void aRefusedLeadAskedForAgainWithConsentIsHandedOff() {
        String leadId = Leads.identified();
        Leads.qualify(leadId, 2, Map.of("consent", false, "country", "AT"));
        Leads.lifecycleWith(leadId, "handoff-refused");

        // The person consented since: the marketer asks again (#4, after the refusal #3).
        Events.publish(Leads.marketing(leadId, "handoff-requested", Stage.QUALIFIED, Stage.QUALIFIED, 4,
                Map.of("previousReasonCode", "NO_CONSENT", "consent", true, "country", "AT")));

        assertThat(Leads.awaitOwnership(leadId, "HANDED_OFF").getString("repId")).isEqualTo("rep-dieter");
        List<LifecycleEvent> lifecycle = Leads.lifecycleWith(leadId, "handed-off");
        assertThat(Leads.types(lifecycle))
                .containsExactly("identified", "qualified", "handoff-refused", "handoff-requested", "handed-off");
        assertThat(lifecycle).extracting(LifecycleEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(TestEvents.facts(lifecycle.get(4))).containsEntry("policy", "TERRITORY");
    }

    @Test
    void aRequestStillWithoutConsentIsRefusedAgainAndAStaleOneIsIgnored() {
        String leadId = Leads.identified();
        Leads.qualify(leadId, 2, Map.of("consent", false));
        Leads.lifecycleWith(leadId, "handoff-refused");
        Events.publish(Leads.marketing(leadId, "handoff-requested", Stage.QUALIFIED, Stage.QUALIFIED, 3,
                Map.of("previousReasonCode", "NO_CONSENT", "consent", true)));
        Events.publish(Leads.marketing(leadId, "handoff-requested", Stage.QUALIFIED, Stage.QUALIFIED, 4,
                Map.of("previousReasonCode", "NO_CONSENT", "consent", false)));

        List<LifecycleEvent> lifecycle = Leads.lifecycle(leadId,
                events -> events.stream().filter(e -> e.type().shortName().equals("handoff-refused")).count() == 2, Leads.WAIT);
        assertThat(Leads.types(lifecycle)).containsExactly("identified", "qualified", "handoff-refused",
                "handoff-requested", "handoff-requested", "handoff-refused");
        assertThat(lifecycle.get(5).sequence()).isEqualTo(5);
        assertThat(TestEvents.facts(lifecycle.get(5))).containsEntry("reasonCode", "NO_CONSENT");
        assertThat(Leads.types(Leads.lifecycle(leadId, events -> false, Duration.ofSeconds(1)))).hasSize(6);
        assertThat(Leads.ownership(leadId).getString("owner")).isEqualTo("MARKETING");
    }
}
