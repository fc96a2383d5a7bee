package dev.baton.platform.consumer;

import dev.baton.contract.LifecycleEvent;
import org.jboss.logging.Logger;

/**
 * The per-lead order of the lifecycle: every transition carries the lead's next sequence number, so a projection
 * applies an event only when its number is past the one it last applied. Anything else is a replay or arrived late.
 */
public final class LeadSequence {

    private static final Logger LOG = Logger.getLogger(LeadSequence.class);

    private LeadSequence() {
    }

    /** True (and logged, without personal data) when the event is not past {@code applied}: apply nothing. */
    public static boolean alreadyApplied(LifecycleEvent event, long applied) {
        if (event.sequence() > applied) {
            return false;
        }
        LOG.infof("ignoring %s #%d of lead %s: already at #%d", event.type().shortName(), event.sequence(),
                event.leadId(), applied);
        return true;
    }
}
