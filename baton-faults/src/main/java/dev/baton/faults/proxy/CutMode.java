package dev.baton.faults.proxy;

/** How a network cut looks to the client and to the server. */
public enum CutMode {
    /** Live connections are reset (RST) and new ones are reset as soon as accepted: a loud failure. */
    RESET,
    /**
     * Live connections go silent (nothing forwarded either way, nothing closed) and new ones are accepted but never
     * reach the target; at the heal everything goes on where it stopped: a partition that heals.
     */
    BLACKHOLE,
    /**
     * Silent like {@link #BLACKHOLE}, but at the heal the client's side of every connection is reset while the
     * server's side stays open and silent a while longer: what a client host that died leaves on the server (its
     * sessions, and whatever they hold, linger until TCP gives up, hours later on a real network).
     */
    HALF_OPEN
}
