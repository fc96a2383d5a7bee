package dev.baton.marketing.lead.domain;

import dev.baton.marketing.campaign.domain.Utm;
import org.junit.jupiter.api.Test;

import static dev.baton.marketing.lead.domain.LeadExamples.OTHER;
import static org.assertj.core.api.Assertions.assertThat;

/** What a conversion must name, and the source the funnel files it under. */
class ConversionRulesTest {

    private static final Utm NO_UTM = new Utm(null, null, null);

    @Test
    void aReferralNamesTheCustomerWhoReferredAndTheirRep() {
        assertThat(conversion(ConversionKind.REFERRAL, NO_UTM, OTHER, "rep-1").isIncompleteReferral()).isFalse();
        assertThat(conversion(ConversionKind.REFERRAL, NO_UTM, null, "rep-1").isIncompleteReferral()).isTrue();
        assertThat(conversion(ConversionKind.REFERRAL, NO_UTM, OTHER, null).isIncompleteReferral()).isTrue();
        assertThat(conversion(ConversionKind.FORM, NO_UTM, null, null).isIncompleteReferral()).isFalse();
    }

    @Test
    void theSourceIsTheUtmSourceElseTheKind() {
        assertThat(conversion(ConversionKind.TRIAL, new Utm("linkedin", "cpc", null), null, null).source())
                .isEqualTo("linkedin");
        assertThat(conversion(ConversionKind.TRIAL, new Utm(null, "cpc", null), null, null).source()).isEqualTo("trial");
    }

    @Test
    void aProfileKeepsItsCountryInUpperCase() {
        assertThat(new Profile(null, null, null, "fr").country()).isEqualTo("FR");
        assertThat(new Profile(null, null, null, null).country()).isNull();
    }

    private static Conversion conversion(ConversionKind kind, Utm utm, java.util.UUID referrer, String rep) {
        return new Conversion(null, "ada@example.com", null, kind, true, new Profile(null, null, null, null), null, utm,
                referrer, rep, null);
    }

    @Test
    void theConsentOfAConversionIsForMarketingEmailOrTheNewsletterUnlessSaidOtherwise() {
        assertThat(conversion(ConversionKind.FORM, new Utm(null, null, null), null, null).emailConsentProof().purpose())
                .isEqualTo(ConsentProof.Purpose.MARKETING_EMAIL);
        assertThat(conversion(ConversionKind.NEWSLETTER, new Utm(null, null, null), null, null).emailConsentProof()
                .purpose()).isEqualTo(ConsentProof.Purpose.NEWSLETTER);
        assertThat(new ConsentProof(null, "v1", "203.0.113.7", "UA").withDefaultPurpose(
                dev.baton.contract.ConsentChannel.PHONE, null)).isEqualTo(new ConsentProof(
                ConsentProof.Purpose.SALES_CONTACT, "v1", "203.0.113.7", "UA"));
        assertThat(ConsentProof.of(ConsentProof.Purpose.NEWSLETTER).withDefaultPurpose(
                dev.baton.contract.ConsentChannel.PHONE, null).purpose()).as("given, kept")
                .isEqualTo(ConsentProof.Purpose.NEWSLETTER);
    }
}
