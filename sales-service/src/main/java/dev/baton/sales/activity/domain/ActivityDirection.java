package dev.baton.sales.activity.domain;

/** Who reached whom, for a call or an email: only an outbound one needs the person's consent on its channel. */
public enum ActivityDirection {
    OUTBOUND, INBOUND
}
