package dev.baton.marketing.lead.domain;

/** The channels a lead can consent to be contacted on. */
public enum ConsentChannel {
    EMAIL, PHONE
}
