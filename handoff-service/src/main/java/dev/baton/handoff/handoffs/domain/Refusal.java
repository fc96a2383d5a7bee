package dev.baton.handoff.handoffs.domain;

import dev.baton.contract.LifecycleDetails;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Owner;
import dev.baton.handoff.ownership.domain.Ownership;

/**
 * Why a lead is not handed to sales, with the code published on {@code handoff-refused}. Only
 * {@link #NO_REP_AVAILABLE} is retried: it says nothing about the lead, only that nobody could take it then.
 */
public record Refusal(String code, String text) {

    public static final String NO_REP_AVAILABLE = "NO_REP_AVAILABLE";

    /**
     * Whether the lead may go to sales at all, before any rep is looked for: marketing must know it and still own it,
     * and the lead must be contactable. Null when it may.
     *
     * @param before    the lead's row before the request (null: not known here)
     * @param qualified the qualified (or handoff-requested) event
     */
    public static Refusal before(Ownership before, LifecycleEvent qualified) {
        if (before == null) {
            return new Refusal("LEAD_UNKNOWN", "the lead is not known here (no identified event)");
        }
        if (before.owner() == Owner.SALES) {
            return new Refusal("ALREADY_OWNED_BY_SALES", "sales already owns the lead (" + before.repId() + ", "
                    + before.status() + ")");
        }
        if (Boolean.FALSE.equals(qualified.details(LifecycleDetails.HandoffAsked.class).contactable())) {
            return noConsent();
        }
        return null;
    }

    /** The person may not be contacted on any channel (never consented, or withdrew while the handoff waited). */
    public static Refusal noConsent() {
        return new Refusal("NO_CONSENT", "the lead has not consented to be contacted");
    }

    /** Nobody eligible now; the handoff is tried again until someone is. */
    public static Refusal noRepAvailable(String country) {
        return new Refusal(NO_REP_AVAILABLE, "no rep is available" + (country == null ? "" : " for " + country)
                + "; tried again until one is");
    }

    /**
     * Whether a wait started at sequence {@code waitSeq} still holds for the lead as it is now: anything that moved the
     * lead since its refusal (or sales owning it) ends the wait.
     */
    public static boolean stillWaiting(Ownership now, long waitSeq) {
        return now.seq() == waitSeq && now.owner() == Owner.MARKETING;
    }

    /** Whether a lead that waits for a rep may no longer go to sales: the person withdrew every consent meanwhile. */
    public static boolean consentWithdrawnWhileWaiting(Ownership now) {
        return Boolean.FALSE.equals(now.contactable());
    }
}
