package dev.baton.sales.lead.domain;

import dev.baton.contract.ConsentChannel;
import dev.baton.platform.problem.ProblemException;

import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * Whether the person may be contacted on a channel, as marketing (which owns consent) last published it: with the
 * handoff ({@code qualified}, {@code handoff-requested}) and with every {@code consent-changed}.
 */
public enum ContactPermission {
    GRANTED,
    /** The person said no: sales records no outbound call or email on this channel. */
    WITHDRAWN,
    /** Never asked; contact under the rules that apply without consent. */
    NOT_GIVEN,
    /** Marketing's snapshot is not known here (a lead handed off before consent travelled with handoffs). */
    UNKNOWN;

    /** Each channel's permission by marketing's snapshot (true granted, false withdrawn); null: not known. */
    public static Map<ConsentChannel, ContactPermission> of(Map<ConsentChannel, Boolean> snapshot) {
        Map<ConsentChannel, ContactPermission> permissions = new EnumMap<>(ConsentChannel.class);
        for (ConsentChannel channel : ConsentChannel.values()) {
            Boolean granted = snapshot == null ? null : snapshot.get(channel);
            permissions.put(channel, snapshot == null ? UNKNOWN
                    : granted == null ? NOT_GIVEN : granted ? GRANTED : WITHDRAWN);
        }
        return permissions;
    }

    /** 409 consent-withdrawn when the person withdrew {@code channel}: a withdrawal wins on both sides. */
    public static void requireNotWithdrawn(Map<ConsentChannel, ContactPermission> contact, ConsentChannel channel,
            UUID leadId) {
        if (contact != null && contact.get(channel) == WITHDRAWN) {
            throw ProblemException.conflict("consent-withdrawn", "the person behind lead " + leadId + " withdrew "
                    + channel + " consent: no outbound " + channel + " contact may be recorded")
                    .with("channel", channel.name());
        }
    }
}
