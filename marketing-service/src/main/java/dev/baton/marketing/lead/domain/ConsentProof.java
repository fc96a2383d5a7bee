package dev.baton.marketing.lead.domain;

import dev.baton.contract.ConsentChannel;

/**
 * What demonstrates a consent decision besides its channel, source, time and actor: what it was for, the exact text
 * (or text version) the person was shown, and their client's address and user agent when the caller gives them. Kept
 * in marketing's consent history only, never on a topic: the address and user agent are personal data.
 */
public record ConsentProof(Purpose purpose, String textVersion, String clientIp, String userAgent) {

    /** What the person agreed to (or withdrew from). */
    public enum Purpose {
        MARKETING_EMAIL, NEWSLETTER, SALES_CONTACT
    }

    /**
     * What a decision is for when the caller does not say: a newsletter signup's, a referral's (the referrer's word
     * that the person agreed to hear from the rep: sales contact only, never marketing messages), else by channel.
     */
    public static Purpose defaultPurpose(ConsentChannel channel, ConversionKind kind) {
        if (kind == ConversionKind.NEWSLETTER) {
            return Purpose.NEWSLETTER;
        }
        if (kind == ConversionKind.REFERRAL) {
            return Purpose.SALES_CONTACT;
        }
        return channel == ConsentChannel.PHONE ? Purpose.SALES_CONTACT : Purpose.MARKETING_EMAIL;
    }

    /** This proof, its purpose defaulted for {@code channel} (and the conversion kind, if any) when not given. */
    public ConsentProof withDefaultPurpose(ConsentChannel channel, ConversionKind kind) {
        return purpose != null ? this : new ConsentProof(defaultPurpose(channel, kind), textVersion, clientIp, userAgent);
    }

    /** A proof with nothing but its purpose (a merge, a decision recorded without the person's client). */
    public static ConsentProof of(Purpose purpose) {
        return new ConsentProof(purpose, null, null, null);
    }
}
