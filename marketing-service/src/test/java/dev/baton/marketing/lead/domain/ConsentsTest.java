package dev.baton.marketing.lead.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static dev.baton.marketing.lead.domain.LeadExamples.LEAD;
import static org.assertj.core.api.Assertions.assertThat;

/** Consent per channel: contactable while any channel is granted, nothing sent on a channel without its consent. */
class ConsentsTest {

    private static final Instant AT = Instant.parse("2026-02-01T09:00:00Z");

    @Test
    void aLeadIsContactableWhileAnyChannelIsGranted() {
        assertThat(Consents.contactable(Map.of())).isFalse();
        assertThat(Consents.contactable(Map.of(ConsentChannel.EMAIL, new Consents.State(false, "unsubscribe", AT))))
                .isFalse();
        assertThat(Consents.contactable(Map.of(
                ConsentChannel.EMAIL, new Consents.State(false, "unsubscribe", AT),
                ConsentChannel.PHONE, new Consents.State(true, "call", AT)))).isTrue();
    }

    @Test
    void aSendNeedsConsentOnItsOwnChannel() {
        Map<ConsentChannel, Consents.State> phoneOnly = Map.of(ConsentChannel.PHONE, new Consents.State(true, "call", AT));

        assertThat(Consents.refusalToSend(LEAD, ConsentChannel.PHONE, phoneOnly)).isNull();
        assertThat(Consents.refusalToSend(LEAD, ConsentChannel.EMAIL, phoneOnly))
                .isEqualTo("lead " + LEAD + " has not consented to EMAIL messages");
    }

    @Test
    void aWithdrawalIsNamedWithItsSource() {
        Map<ConsentChannel, Consents.State> withdrawn = Map.of(ConsentChannel.EMAIL,
                new Consents.State(false, "unsubscribe-link", AT));

        assertThat(Consents.refusalToSend(LEAD, ConsentChannel.EMAIL, withdrawn))
                .isEqualTo("lead " + LEAD + " has not consented to EMAIL messages (withdrawn: unsubscribe-link)");
    }

    @Test
    void consentGivenWithAConversionNamesItsKind() {
        assertThat(Consents.ofConversion(ConversionKind.NEWSLETTER)).isEqualTo("conversion:NEWSLETTER");
    }
}
