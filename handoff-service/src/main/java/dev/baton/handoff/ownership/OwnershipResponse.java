package dev.baton.handoff.ownership;

import dev.baton.contract.Owner;
import dev.baton.contract.Stage;

import java.time.Instant;
import java.util.UUID;

/** {@code GET /ownership/{leadId}}: who may act on the lead now. */
public record OwnershipResponse(UUID leadId, Owner owner, String repId, String teamId, HandoffStatus status,
        Instant slaDueAt, Stage stage, long version, Instant updatedAt) {

    static OwnershipResponse of(Ownership o) {
        return new OwnershipResponse(o.leadId(), o.owner(), o.repId(), o.teamId(), o.status(), o.slaDueAt(), o.stage(),
                o.version(), o.updatedAt());
    }
}
