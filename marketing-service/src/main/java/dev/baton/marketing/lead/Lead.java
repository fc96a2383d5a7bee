package dev.baton.marketing.lead;

import dev.baton.contract.Owner;
import dev.baton.contract.Stage;
import io.vertx.mutiny.sqlclient.Row;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A known lead as marketing stores it. */
public record Lead(
        UUID leadId,
        String email,
        Stage stage,
        Stage highestStage,
        Owner owner,
        String repId,
        long ownershipVersion,
        boolean handoffPending,
        boolean consentToContact,
        BigDecimal score,
        long seq,
        String conversionKind,
        Instant createdAt,
        Profile profile,
        String outcome,
        UUID mergedInto,
        String name,
        Owner lifecycleOwner,
        HandoffRefusal handoffRefusal) {

    static Lead from(Row row) {
        return new Lead(
                row.getUUID("lead_id"),
                row.getString("email"),
                Stage.valueOf(row.getString("stage")),
                Stage.valueOf(row.getString("highest_stage")),
                Owner.valueOf(row.getString("owner")),
                row.getString("rep_id"),
                row.getLong("ownership_version"),
                row.getBoolean("handoff_pending"),
                row.getBoolean("consent_contact"),
                row.getBigDecimal("score"),
                row.getLong("seq"),
                row.getString("conversion_kind"),
                row.getOffsetDateTime("created_at").toInstant(),
                new Profile(row.getString("company"), row.getInteger("company_size"), row.getString("job_role"),
                        row.getString("country")),
                row.getString("outcome"),
                row.getUUID("merged_into"),
                row.getString("name"),
                Owner.valueOf(row.getString("lifecycle_owner")),
                row.getString("handoff_refusal_code") == null ? null : new HandoffRefusal(
                        row.getString("handoff_refusal_code"), row.getOffsetDateTime("handoff_refused_at").toInstant(),
                        row.getBoolean("handoff_retrying")));
    }

    /**
     * Who owns the lead as far as the boundary goes: SALES as soon as either the lifecycle ({@code handed-off}) or the
     * ownership topic says so, MARKETING only when both do. The two topics reach marketing in either order; each
     * column only ever holds a state the lead really was in, so the boundary errs on the side of sales, never of
     * marketing, and is right again as soon as the later of the two arrives.
     */
    public Owner boundaryOwner() {
        return owner == Owner.SALES || lifecycleOwner == Owner.SALES ? Owner.SALES : Owner.MARKETING;
    }

    /**
     * Whether marketing may act on this lead as a prospect now: it owns it and no handoff is on its way. Marketing
     * sets {@code handoffPending} in the same transaction as its {@code qualified} event, and the handoff's answer
     * clears it ({@code handed-off} then makes the lifecycle owner SALES), so there is no window between qualifying
     * and learning the owner from {@code lead.ownership.v1}.
     */
    public boolean marketingMayAct() {
        return boundaryOwner() == Owner.MARKETING && !handoffPending && mergedInto == null;
    }

    /** A customer (closed won, or retained): marketing's retention newsletters may go to them. */
    public boolean isCustomer() {
        return stage == Stage.RETAINED || stage == Stage.CLOSED && "WON".equals(outcome);
    }
}
