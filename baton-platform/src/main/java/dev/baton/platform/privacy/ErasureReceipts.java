package dev.baton.platform.privacy;

import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.LifecycleDetails;
import dev.baton.contract.LifecycleEvent;

import java.time.Instant;

/** The {@code erasure-confirmed} a service publishes once it erased what it held of a lead: one shape for all. */
public final class ErasureReceipts {

    private ErasureReceipts() {
    }

    /** The confirmation of an {@code erased} event: same lead, stage and sequence, caused by that event. */
    public static CloudEvent confirmation(LifecycleEvent erased, String erasedEventId, String service, Instant at) {
        LifecycleDetails.Erased asked = erased.details(LifecycleDetails.Erased.class);
        return new LifecycleEvent(erased.leadId(), erased.to(), erased.to(), Actor.system(service), "erased",
                erasedEventId, erased.sequence(), at, new LifecycleDetails.ErasureConfirmed(asked.erasureId(), service))
                .toCloudEvent(service);
    }
}
