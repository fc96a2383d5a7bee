package dev.baton.contract;

/** The one side that may act on a lead. Only the handoff service changes it. */
public enum Owner {
    MARKETING, SALES
}
