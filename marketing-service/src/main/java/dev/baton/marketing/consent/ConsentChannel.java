package dev.baton.marketing.consent;

/** The channels a lead can consent to be contacted on. */
public enum ConsentChannel {
    EMAIL, PHONE
}
