package dev.baton.sales.customer.domain;

/** A customer account: WON at the close, RETAINED after a check-in, renewal or repeat purchase, CHURNED when lost. */
public enum CustomerStatus {
    WON, RETAINED, CHURNED
}
