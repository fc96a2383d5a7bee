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
        String name) {

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
                row.getString("name"));
    }

    /**
     * Whether marketing may act on this lead as a prospect now: it owns it and no handoff is on its way. Marketing
     * sets {@code handoffPending} in the same transaction as its {@code qualified} event, so the window between
     * qualifying and learning the handoff from {@code lead.ownership.v1} is closed.
     */
    public boolean marketingMayAct() {
        return owner == Owner.MARKETING && !handoffPending && mergedInto == null;
    }

    /** A customer (closed won, or retained): marketing's retention newsletters may go to them. */
    public boolean isCustomer() {
        return stage == Stage.RETAINED || stage == Stage.CLOSED && "WON".equals(outcome);
    }
}
