package dev.baton.contract;

import java.util.Map;

/** The channels a person can consent to be contacted on. */
public enum ConsentChannel {
    EMAIL, PHONE;

    /**
     * Whether the person may be contacted at all, by a consent snapshot (a channel absent was never decided on; true
     * granted, false withdrawn); null when the snapshot is not known (an event from before it was published).
     */
    public static Boolean anyGranted(Map<ConsentChannel, Boolean> channels) {
        return channels == null ? null : channels.containsValue(Boolean.TRUE);
    }
}
