package dev.baton.contract;

/**
 * The stages of a lead, in the only order an automatic update may follow. Going back (recycle, churn) is an explicit,
 * audited lifecycle event with a reason.
 */
public enum Stage {
    ANONYMOUS, KNOWN, QUALIFIED, CLOSED, RETAINED;

    /** The later of two stages: what the funnel's "highest stage reached" keeps. */
    public static Stage highest(Stage a, Stage b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
