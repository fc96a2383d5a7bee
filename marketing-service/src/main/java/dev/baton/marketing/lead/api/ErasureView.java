package dev.baton.marketing.lead.api;

import dev.baton.marketing.lead.domain.Erasure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An erasure as the privacy officer follows it: marketing's part is done when it is accepted; each other service's once
 * it confirmed every lead id of the person. No personal data: the lead ids and who asked.
 */
public record ErasureView(UUID erasureId, Erasure.State status, List<UUID> leadIds, String requestedBy,
        Instant requestedAt, Instant completedAt, List<ServiceState> services) {

    public record ServiceState(String service, String state) {
    }

    static ErasureView of(Erasure erasure) {
        List<ServiceState> services = new ArrayList<>();
        services.add(new ServiceState("marketing-service", "ERASED"));
        for (String service : Erasure.CONFIRMING) {
            services.add(new ServiceState(service, erasure.confirmedBy(service) ? "CONFIRMED" : "PENDING"));
        }
        return new ErasureView(erasure.erasureId(), erasure.state(), erasure.leadIds(), erasure.requestedBy(),
                erasure.requestedAt(), erasure.completedAt(), services);
    }
}
