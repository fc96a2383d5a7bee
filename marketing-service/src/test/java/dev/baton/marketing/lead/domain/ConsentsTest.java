package dev.baton.marketing.lead.domain;

import dev.baton.contract.ConsentChannel;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConsentsTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void aChannelNeverDecidedOrGrantedMayBeGrantedAWithdrawnOneMayNot() {
        assertThat(Consents.mayBeGranted(null)).as("never decided").isTrue();
        assertThat(Consents.mayBeGranted(new Consents.State(true, "conversion:FORM", ConsentProof.Purpose.MARKETING_EMAIL, AT))).as("granted").isTrue();
        assertThat(Consents.mayBeGranted(new Consents.State(false, "unsubscribe link", ConsentProof.Purpose.MARKETING_EMAIL, AT))).as("withdrawn").isFalse();
    }

    @Test
    void theSnapshotAnEventCarriesHasEveryDecidedChannelAndOnlyThose() {
        Map<ConsentChannel, Consents.State> current = Map.of(ConsentChannel.EMAIL,
                new Consents.State(true, "conversion:FORM", ConsentProof.Purpose.MARKETING_EMAIL, AT));

        assertThat(Consents.snapshot(current)).containsExactly(Map.entry(ConsentChannel.EMAIL, true));
        assertThat(Consents.snapshot(current, ConsentChannel.PHONE, false))
                .containsExactly(Map.entry(ConsentChannel.EMAIL, true), Map.entry(ConsentChannel.PHONE, false));
        assertThat(Consents.snapshot(current, ConsentChannel.EMAIL, false))
                .containsExactly(Map.entry(ConsentChannel.EMAIL, false));
        assertThat(ConsentChannel.anyGranted(Consents.snapshot(current, ConsentChannel.EMAIL, false))).isFalse();
        assertThat(ConsentChannel.anyGranted(null)).as("not told").isNull();
    }

    @Test
    void aReferralsConsentAllowsSalesContactButNoMarketingMessage() {
        java.util.UUID lead = java.util.UUID.fromString("5b0a0c1e-0000-4000-8000-000000000001");
        Map<ConsentChannel, Consents.State> referred = Map.of(ConsentChannel.EMAIL,
                new Consents.State(true, "conversion:REFERRAL", ConsentProof.Purpose.SALES_CONTACT, AT));
        Map<ConsentChannel, Consents.State> subscribed = Map.of(ConsentChannel.EMAIL,
                new Consents.State(true, "conversion:FORM", ConsentProof.Purpose.MARKETING_EMAIL, AT));

        assertThat(Consents.refusalToSend(lead, ConsentChannel.EMAIL, referred)).contains("contacted by sales");
        assertThat(Consents.contactable(referred)).as("the rep may still call or write").isTrue();
        assertThat(Consents.refusalToSend(lead, ConsentChannel.EMAIL, subscribed)).isNull();
        assertThat(ConsentProof.defaultPurpose(ConsentChannel.EMAIL, ConversionKind.REFERRAL))
                .isEqualTo(ConsentProof.Purpose.SALES_CONTACT);
    }
}
