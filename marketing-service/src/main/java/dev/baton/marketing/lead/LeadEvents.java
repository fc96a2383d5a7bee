package dev.baton.marketing.lead;

import dev.baton.contract.Actor;
import dev.baton.contract.CloudEvent;
import dev.baton.contract.LifecycleDetails;
import dev.baton.contract.LifecycleEvent;
import dev.baton.contract.Stage;
import dev.baton.platform.BatonConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/** Builds marketing's lifecycle events as CloudEvents. */
@ApplicationScoped
public class LeadEvents {

    private final String service;

    public LeadEvents(BatonConfig config) {
        this.service = config.service();
    }

    public CloudEvent lifecycle(UUID leadId, Stage from, Stage to, Actor actor, String reason, String causationId,
            long sequence, Instant at, LifecycleDetails details) {
        return new LifecycleEvent(leadId.toString(), from, to, actor, reason, causationId, sequence, at, details)
                .toCloudEvent(service);
    }
}
