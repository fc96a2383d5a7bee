package dev.baton.handoff.handoffs.domain;

import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Stage;
import dev.baton.handoff.ownership.domain.LeadHistory;
import dev.baton.handoff.ownership.domain.Ownership;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The boundary of a handoff: only a lead marketing knows and still owns, and that may be contacted, goes to sales. */
class RefusalTest {

    private static LifecycleEvent qualified(LeadHistory lead, Map<String, Object> details) {
        return lead.event("qualified", Stage.QUALIFIED, 2, LeadHistory.MARKETER, details);
    }

    @Test
    void aLeadMarketingOwnsAndMayContactIsHandedOff() {
        LeadHistory lead = new LeadHistory().foreign("identified", Stage.KNOWN, 1, Map.of());

        assertThat(Refusal.before(lead.row(), qualified(lead, Map.of("consent", true)))).isNull();
    }

    @Test
    void aLeadNotKnownHereIsRefused() {
        LeadHistory nobody = new LeadHistory();

        assertThat(Refusal.before(null, qualified(nobody, Map.of())).code()).isEqualTo("LEAD_UNKNOWN");
    }

    @Test
    void aLeadSalesAlreadyOwnsIsRefusedNamingItsRep() {
        LeadHistory lead = LeadHistory.handedOffTo("rep-amelie");

        Refusal refusal = Refusal.before(lead.row(), qualified(lead, Map.of()));

        assertThat(refusal.code()).isEqualTo("ALREADY_OWNED_BY_SALES");
        assertThat(refusal.text()).contains("rep-amelie", "HANDED_OFF");
    }

    @Test
    void anUnconsentingLeadIsRefused() {
        LeadHistory lead = new LeadHistory().foreign("identified", Stage.KNOWN, 1, Map.of());

        assertThat(Refusal.before(lead.row(), qualified(lead, Map.of("consent", true)))).isNull();
        assertThat(Refusal.before(lead.row(), qualified(lead, Map.of("consent", false))).code())
                .isEqualTo("NO_CONSENT");
    }

    @Test
    void theConsentPerChannelDecidesWhenItIsSent() {
        LeadHistory lead = new LeadHistory().foreign("identified", Stage.KNOWN, 1, Map.of());

        assertThat(Refusal.before(lead.row(), qualified(lead, Map.of("consent", true,
                "channels", Map.of("EMAIL", false, "PHONE", false)))).code()).isEqualTo("NO_CONSENT");
        assertThat(Refusal.before(lead.row(), qualified(lead, Map.of("consent", true,
                "channels", Map.of("EMAIL", false, "PHONE", true))))).isNull();
    }

    @Test
    void aWaitEndsForConsentOnlyWhenThePersonMayNotBeContactedAtAll() {
        LeadHistory lead = new LeadHistory().foreign("identified", Stage.KNOWN, 1, Map.of())
                .foreign("qualified", Stage.QUALIFIED, 2, Map.of("consent", true, "channels", Map.of("EMAIL", true)));
        assertThat(Refusal.consentWithdrawnWhileWaiting(lead.row())).isFalse();

        lead.foreign("consent-changed", Stage.QUALIFIED, 2, Map.of("channel", "EMAIL", "granted", false,
                "source", "unsubscribe-link", "channels", Map.of("EMAIL", false)));

        assertThat(Refusal.consentWithdrawnWhileWaiting(lead.row())).isTrue();
    }

    @Test
    void nobodyAvailableIsTheRetriedRefusalAndNamesTheCountry() {
        assertThat(Refusal.noRepAvailable("FR").code()).isEqualTo(Refusal.NO_REP_AVAILABLE);
        assertThat(Refusal.noRepAvailable("FR").text()).contains("for FR");
        assertThat(Refusal.noRepAvailable(null).text()).doesNotContain(" for ");
    }

    @Test
    void aWaitHoldsOnlyWhileTheLeadStaysWhereTheRefusalLeftItWithMarketing() {
        LeadHistory lead = new LeadHistory().foreign("identified", Stage.KNOWN, 1, Map.of())
                .foreign("qualified", Stage.QUALIFIED, 2, Map.of())
                .own("handoff-refused", Stage.QUALIFIED, 3, Map.of("reasonCode", Refusal.NO_REP_AVAILABLE));
        Ownership refused = lead.row();
        assertThat(Refusal.stillWaiting(refused, 3)).isTrue();

        lead.own("handed-off", Stage.QUALIFIED, 4, Map.of("repId", "rep-ada"));
        assertThat(Refusal.stillWaiting(lead.row(), 3)).as("moved on").isFalse();
        assertThat(Refusal.stillWaiting(lead.row(), 4)).as("sales owns it").isFalse();
    }
}
