package dev.baton.marketing.lead;

/**
 * How an anonymous visitor made themselves known. {@code CONSULTATION} is high intent: with consent it qualifies at
 * once. {@code REFERRAL} comes from sales (a customer referred someone): it qualifies at once for the referring rep.
 */
public enum ConversionKind {
    FORM, TRIAL, CONSULTATION, NEWSLETTER, REFERRAL
}
