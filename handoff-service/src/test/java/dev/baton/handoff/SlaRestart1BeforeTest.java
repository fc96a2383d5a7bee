package dev.baton.handoff;

import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Stage;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Part 1 of the restart test: a lead is handed off with a 30 s window, is warned at risk after 3 s, and the service
 * then stops (the next test class runs another profile) in the middle of the window. {@link SlaRestart2AfterTest}
 * checks what the restarted service does with that timer.
 */
@QuarkusTest
@HandoffTestResource
@TestProfile(SlaProfiles.LongWindow.class)
class SlaRestart1BeforeTest {

    @Test
    void aLeadIsHandedOffAndWarnedAtRiskThenTheServiceStopsMidWindow() {
        String leadId = SlaRestart.LEAD_ID;
        Events.publish(Leads.marketing(leadId, "identified", Stage.ANONYMOUS, Stage.KNOWN, 1,
                Map.of("conversionKind", "FORM")));
        String rep = Leads.handedOff(leadId, Map.of());
        assertThat(rep).isIn(SlaTimersTest.TEAM);

        List<LifecycleEvent> lifecycle = Leads.lifecycleWith(leadId, "sla-at-risk");
        Instant due = Instant.parse((String) SlaTimersTest.only(lifecycle, "handed-off").details().get("slaDueAt"));
        assertThat(Leads.types(lifecycle)).containsExactly("identified", "qualified", "handed-off", "sla-at-risk");
        assertThat(Duration.between(Instant.now(), due)).as("time left in the window when the service stops")
                .isGreaterThan(Duration.ofSeconds(15));
        assertThat(Leads.ownership(leadId).getString("status")).isEqualTo("HANDED_OFF");
    }
}
