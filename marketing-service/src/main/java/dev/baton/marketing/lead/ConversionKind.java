package dev.baton.marketing.lead;

/** How an anonymous visitor made themselves known. {@code CONSULTATION} is high intent: it qualifies at once. */
public enum ConversionKind {
    FORM, TRIAL, CONSULTATION, NEWSLETTER
}
