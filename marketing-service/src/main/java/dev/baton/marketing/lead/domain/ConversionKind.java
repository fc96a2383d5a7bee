package dev.baton.marketing.lead.domain;

/**
 * How an anonymous visitor made themselves known. {@code CONSULTATION} is high intent: with consent it qualifies at
 * once. {@code REFERRAL} comes from sales (a customer referred someone): it qualifies at once for the referring rep.
 */
public enum ConversionKind {
    FORM, TRIAL, CONSULTATION, NEWSLETTER, REFERRAL;

    /**
     * Whether the consent given with it counts only once the person confirms it (double opt-in): a newsletter signup
     * can be made with anyone's address.
     */
    public boolean confirmsConsent() {
        return this == NEWSLETTER;
    }

    /** High intent qualifies a lead at once (with consent), whatever its score. */
    public boolean qualifiesAtOnce() {
        return this == CONSULTATION || this == REFERRAL;
    }

    /** Why a high-intent conversion qualified the lead, as the {@code qualified} event says it. */
    public String qualificationReason() {
        return this == REFERRAL ? "referred by a customer" : "consultation requested";
    }

    /** The {@code trigger} of the {@code qualified} event of a high-intent conversion. */
    public String qualificationTrigger() {
        return this == REFERRAL ? "REFERRAL" : "CONSULTATION";
    }
}
