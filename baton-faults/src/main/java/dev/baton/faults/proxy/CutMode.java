package dev.baton.faults.proxy;

/** How a network cut looks to the client. */
public enum CutMode {
    /** Live connections are reset (RST) and new ones are reset as soon as accepted: a loud failure. */
    RESET,
    /**
     * Live connections go silent (nothing forwarded either way, nothing closed) and new ones are accepted but never
     * reach the target: what a dead link or a crashed host looks like until TCP gives up.
     */
    BLACKHOLE
}
