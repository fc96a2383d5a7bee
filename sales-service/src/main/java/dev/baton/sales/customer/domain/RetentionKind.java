package dev.baton.sales.customer.domain;

/** Sales retention: the rep's relationship with a customer after the sale. */
public enum RetentionKind {
    CHECK_IN, RENEWAL, REPEAT_PURCHASE
}
