package dev.baton.platform.security;

/** The roles of the JWT {@code groups} claim. */
public final class Roles {
    public static final String MARKETER = "marketer";
    public static final String SALES_REP = "sales-rep";
    public static final String SALES_ASSISTANT = "sales-assistant";
    public static final String SALES_MANAGER = "sales-manager";
    public static final String OPS = "ops";
    public static final String INTEGRATION = "integration";
    /** Handles the data-protection requests of the people Baton holds data about (erasure). */
    public static final String PRIVACY_OFFICER = "privacy-officer";

    private Roles() {
    }
}
