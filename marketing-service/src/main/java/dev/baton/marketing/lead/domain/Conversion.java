package dev.baton.marketing.lead.domain;

import dev.baton.contract.ConsentChannel;
import dev.baton.marketing.campaign.domain.Utm;

import java.util.Locale;
import java.util.UUID;

/**
 * An anonymous visitor making themselves known (see {@code POST /conversions}), the email not yet normalised.
 *
 * @param referrerLeadId REFERRAL only: the customer who referred this person
 * @param referringRepId REFERRAL only: that customer's rep, who receives the new lead
 * @param consentShown   what demonstrates the consent given with it (text version, client), its purpose defaulted
 */
public record Conversion(String visitorId, String email, String name, ConversionKind kind, boolean consent,
        Profile profile, UUID campaignId, Utm utm, UUID referrerLeadId, String referringRepId,
        ConsentProof consentShown) {

    /** The proof of the email consent given with this conversion. */
    public ConsentProof emailConsentProof() {
        ConsentProof shown = consentShown != null ? consentShown : new ConsentProof(null, null, null, null);
        return shown.withDefaultPurpose(ConsentChannel.EMAIL, kind);
    }

    /** A referral names both the customer who referred and their rep. */
    public boolean isIncompleteReferral() {
        return kind == ConversionKind.REFERRAL && (referrerLeadId == null || referringRepId == null);
    }

    /** Where the conversion came from, for the funnel's source filter: the UTM source, else the kind. */
    public String source() {
        return utm.source() != null ? utm.source() : kind.name().toLowerCase(Locale.ROOT);
    }
}
