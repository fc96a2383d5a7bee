package dev.baton.handoff.recycle.domain;

import dev.baton.contract.Stage;
import dev.baton.handoff.ownership.domain.LeadHistory;
import dev.baton.handoff.ownership.domain.Ownership;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which closed leads go back to marketing, and when. */
class CoolDownTest {

    private static final CoolDown COOL_DOWN = new CoolDown(Duration.ofDays(30));

    @Test
    void aLostLeadIsDueOnceItsCoolDownIsOver() {
        Ownership lost = closed("LOST").row();
        Instant closedAt = lost.closedAt();

        assertThat(lost.closedOutcome()).isEqualTo("LOST");
        assertThat(COOL_DOWN.over(lost, closedAt.plus(Duration.ofDays(30)).minusSeconds(1))).isFalse();
        assertThat(COOL_DOWN.over(lost, closedAt.plus(Duration.ofDays(30)))).isTrue();
        assertThat(COOL_DOWN.reason(lost)).contains("LOST").contains("PT720H");
    }

    @Test
    void aCustomerNeverGoesBackEvenOnceChurned() {
        LeadHistory churned = closed("WON")
                .foreign("retained", Stage.RETAINED, 6, Map.of("kind", "CHECK_IN"))
                .foreign("churned", Stage.CLOSED, 7, Map.of("previousStatus", "RETAINED"));
        assertThat(churned.row().closedOutcome()).isEqualTo("CHURNED");
        assertThat(COOL_DOWN.over(churned.row(), churned.row().closedAt().plus(Duration.ofDays(3650)))).isFalse();

        Ownership won = closed("WON").row();
        assertThat(won.closedOutcome()).isEqualTo("WON");
        assertThat(COOL_DOWN.over(won, won.closedAt().plus(Duration.ofDays(3650)))).isFalse();
    }

    @Test
    void aRecycledLeadIsNoLongerClosed() {
        LeadHistory lead = closed("LOST").own("recycled", Stage.KNOWN, 6, Map.of("reasonCode", "LOST"));

        assertThat(lead.row().closedOutcome()).isNull();
        assertThat(lead.row().closedAt()).isNull();
        assertThat(COOL_DOWN.over(lead.row(), Instant.now().plus(Duration.ofDays(365)))).isFalse();
    }

    private static LeadHistory closed(String outcome) {
        return LeadHistory.handedOffTo("rep-amelie")
                .foreign("accepted", Stage.QUALIFIED, 4, Map.of("repId", "rep-amelie"))
                .foreign("closed", Stage.CLOSED, 5, Map.of("outcome", outcome));
    }
}
