package dev.baton.marketing.lead.domain;

import dev.baton.contract.ConsentChannel;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * Consent per channel, with the source and time of every change so it can be demonstrated. The lead's "consent to
 * be contacted" is true while any channel is granted; nothing is sent on a channel without its consent.
 */
public final class Consents {

    private Consents() {
    }

    /** The current consent of one channel. */
    public record State(boolean granted, String source, ConsentProof.Purpose purpose, Instant recordedAt) {
    }

    /** One change, as recorded, with what demonstrates it; {@code onBehalfOf}: whom the actor recorded it for. */
    public record Change(ConsentChannel channel, boolean granted, String source, String actorId, String onBehalfOf,
            ConsentProof proof, Instant recordedAt) {
    }

    /**
     * Whether {@code current} may be turned to granted by anyone but the person. A withdrawal wins: a later conversion,
     * referral, merge or another user's word never turns a withdrawn channel back on; only the person's own confirmed
     * action may (double opt-in, not built yet, so today a withdrawal stands).
     */
    public static boolean mayBeGranted(State current) {
        return current == null || current.granted();
    }

    /** What the events carry of the consent ({@code channels}): per decided channel, whether it is granted. */
    public static Map<ConsentChannel, Boolean> snapshot(Map<ConsentChannel, State> current) {
        Map<ConsentChannel, Boolean> channels = new EnumMap<>(ConsentChannel.class);
        current.forEach((channel, state) -> channels.put(channel, state.granted()));
        return channels;
    }

    /** {@link #snapshot} after {@code channel} changes to {@code granted}. */
    public static Map<ConsentChannel, Boolean> snapshot(Map<ConsentChannel, State> current, ConsentChannel channel,
            boolean granted) {
        Map<ConsentChannel, Boolean> channels = snapshot(current);
        channels.put(channel, granted);
        return channels;
    }

    /** Whether the person may be contacted at all: some channel is granted. */
    public static boolean contactable(Map<ConsentChannel, State> current) {
        return current.values().stream().anyMatch(State::granted);
    }

    /** Why nothing may be sent to the lead on the channel, or null when it may. */
    public static String refusalToSend(UUID leadId, ConsentChannel channel, Map<ConsentChannel, State> current) {
        State state = current.get(channel);
        if (state != null && state.granted() && state.purpose() == ConsentProof.Purpose.SALES_CONTACT) {
            return "lead " + leadId + " agreed to be contacted by sales on " + channel + " (" + state.source()
                    + "), not to marketing messages";
        }
        if (state != null && state.granted()) {
            return null;
        }
        return "lead " + leadId + " has not consented to " + channel + " messages"
                + (state == null ? "" : " (withdrawn: " + state.source() + ")");
    }

    /** The source recorded for the consent given with a conversion. */
    /** The kinds of source a consent-changed event names (the source's own text may be personal, so stays here). */
    public static final String REQUESTED = "consent-request";
    public static final String CONFIRMED = "confirmation";
    public static final String MERGED = "merge";

    public static String ofConversion(ConversionKind kind) {
        return "conversion:" + kind.name();
    }
}
