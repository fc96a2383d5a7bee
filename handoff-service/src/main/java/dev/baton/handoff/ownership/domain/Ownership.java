package dev.baton.handoff.ownership.domain;

import dev.baton.contract.Owner;
import dev.baton.contract.Stage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One lead's row in the ownership registry.
 *
 * @param owner          MARKETING or SALES
 * @param repId          the assignee while sales owns it (a manager once escalated)
 * @param status         where the handoff stands
 * @param stage          the lead's current lifecycle stage, as last seen
 * @param seq            the last per-lead lifecycle sequence number seen or written here
 * @param version        per-lead ownership version, as published on {@code lead.ownership.v1}
 * @param slaDueAt       when the assignee must have accepted, while {@code HANDED_OFF}
 * @param slaAtRiskAt    when {@code sla-at-risk} is due, while {@code HANDED_OFF}
 * @param slaAtRiskSent  whether {@code sla-at-risk} was published for the current window
 * @param reassignments  SLA reassignments in the current handoff
 * @param triedReps      the reps this handoff already went to and who let the SLA pass
 * @param country        the lead's country (ISO code) when marketing sent it
 * @param contactable    whether the person may be contacted (some consent channel granted); null: not told yet
 * @param closedOutcome  how sales last ended it (WON, LOST, RETAINED, CHURNED); null while it is not closed
 * @param closedAt       when that happened (a LOST or churned lead goes back to marketing a cool-down later)
 * @param updatedAt      when the last event that changed the row occurred
 */
public record Ownership(
        UUID leadId,
        Owner owner,
        String repId,
        String teamId,
        HandoffStatus status,
        Stage stage,
        long seq,
        long version,
        Instant slaDueAt,
        Instant slaAtRiskAt,
        boolean slaAtRiskSent,
        int reassignments,
        List<String> triedReps,
        String country,
        Boolean contactable,
        String closedOutcome,
        Instant closedAt,
        Instant updatedAt) {

    public Ownership {
        triedReps = triedReps == null ? List.of() : List.copyOf(triedReps);
    }

    /** Whether owner, assignee or status differ: what makes a new ownership version. */
    boolean sameOwnershipAs(Ownership other) {
        return other != null && owner == other.owner && Objects.equals(repId, other.repId) && status == other.status;
    }

    Builder toBuilder() {
        return new Builder(this);
    }

    static Builder registered(UUID leadId) {
        return new Builder(new Ownership(leadId, Owner.MARKETING, null, null, HandoffStatus.MARKETING, Stage.KNOWN, 0, 0,
                null, null, false, 0, List.of(), null, null, null, null, null));
    }

    /** A changed copy. */
    static final class Builder {
        private UUID leadId;
        private Owner owner;
        private String repId;
        private String teamId;
        private HandoffStatus status;
        private Stage stage;
        private long seq;
        private long version;
        private Instant slaDueAt;
        private Instant slaAtRiskAt;
        private boolean slaAtRiskSent;
        private int reassignments;
        private List<String> triedReps;
        private String country;
        private Boolean contactable;
        private String closedOutcome;
        private Instant closedAt;
        private Instant updatedAt;

        private Builder(Ownership o) {
            leadId = o.leadId;
            owner = o.owner;
            repId = o.repId;
            teamId = o.teamId;
            status = o.status;
            stage = o.stage;
            seq = o.seq;
            version = o.version;
            slaDueAt = o.slaDueAt;
            slaAtRiskAt = o.slaAtRiskAt;
            slaAtRiskSent = o.slaAtRiskSent;
            reassignments = o.reassignments;
            triedReps = o.triedReps;
            country = o.country;
            contactable = o.contactable;
            closedOutcome = o.closedOutcome;
            closedAt = o.closedAt;
            updatedAt = o.updatedAt;
        }

        Builder owner(Owner value) {
            owner = value;
            return this;
        }

        Builder assignee(String rep, String team) {
            repId = rep;
            teamId = team;
            return this;
        }

        Builder status(HandoffStatus value) {
            status = value;
            return this;
        }

        Builder stage(Stage value) {
            stage = value;
            return this;
        }

        Builder seq(long value) {
            seq = value;
            return this;
        }

        Builder version(long value) {
            version = value;
            return this;
        }

        /** A new acceptance window (or none). */
        Builder sla(Instant dueAt, Instant atRiskAt) {
            slaDueAt = dueAt;
            slaAtRiskAt = atRiskAt;
            slaAtRiskSent = false;
            return this;
        }

        Builder slaAtRiskSent() {
            slaAtRiskSent = true;
            return this;
        }

        Builder reassignments(int value, List<String> tried) {
            reassignments = value;
            triedReps = tried;
            return this;
        }

        Builder country(String value) {
            country = value;
            return this;
        }

        Builder contactable(Boolean value) {
            contactable = value;
            return this;
        }

        /** How and when sales ended it; nulls when it is not closed (any more). */
        Builder closed(String outcome, Instant at) {
            closedOutcome = outcome;
            closedAt = at;
            return this;
        }

        Builder updatedAt(Instant value) {
            updatedAt = value;
            return this;
        }

        Ownership build() {
            return new Ownership(leadId, owner, repId, teamId, status, stage, seq, version, slaDueAt, slaAtRiskAt,
                    slaAtRiskSent, reassignments, triedReps, country, contactable, closedOutcome, closedAt, updatedAt);
        }
    }
}
