package dev.baton.handoff.ownership.api;

import dev.baton.contract.Owner;
import dev.baton.contract.Stage;
import dev.baton.handoff.ownership.domain.HandoffStatus;
import dev.baton.handoff.ownership.domain.HistoryEntry;
import dev.baton.handoff.ownership.domain.Ownership;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code GET /ownership/{leadId}}: who may act on the lead now (or, with {@code ?at=}, at that time).
 *
 * @param status    MARKETING, HANDED_OFF, ACCEPTED, ESCALATED or CLOSED
 * @param slaDueAt  when the assignee must have accepted, while HANDED_OFF
 * @param stage     the lead's stage (with {@code ?at=}: its stage then, counting moves that left the ownership alone)
 * @param version   the ownership version (as on {@code lead.ownership.v1})
 * @param updatedAt when the row last changed (with {@code ?at=}: when that ownership began)
 */
public record OwnershipResponse(UUID leadId, Owner owner, String repId, String teamId, HandoffStatus status,
        Instant slaDueAt, Stage stage, long version, Instant updatedAt) {

    public static OwnershipResponse of(Ownership o) {
        return new OwnershipResponse(o.leadId(), o.owner(), o.repId(), o.teamId(), o.status(), o.slaDueAt(), o.stage(),
                o.version(), o.updatedAt());
    }

    static OwnershipResponse of(UUID leadId, HistoryEntry change) {
        return new OwnershipResponse(leadId, change.owner(), change.repId(), change.teamId(),
                HandoffStatus.valueOf(change.status()), change.slaDueAt(), change.stage(),
                change.version() == null ? 0 : change.version(), change.occurredAt());
    }
}
