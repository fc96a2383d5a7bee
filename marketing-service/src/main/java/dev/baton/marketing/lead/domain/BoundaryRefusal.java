package dev.baton.marketing.lead.domain;

import dev.baton.contract.Owner;

import java.util.Locale;
import java.util.UUID;

/**
 * A prospect action refused because marketing may not act on the lead now (see {@link Lead#marketingMayAct()}).
 * The refusal is audited ({@code marketing-send-blocked}) in the transaction that refuses, then answered (409).
 *
 * @param owner  who holds the lead: SALES, MERGED (an alias of another lead) or HANDOFF_PENDING
 * @param action what was refused, e.g. QUALIFY, HANDOFF_REQUEST or a send kind
 */
public record BoundaryRefusal(UUID leadId, String owner, UUID mergedInto, String action) {

    public static BoundaryRefusal of(Lead lead, String action) {
        String owner = lead.boundaryOwner() == Owner.SALES ? "SALES"
                : lead.mergedInto() != null ? "MERGED" : "HANDOFF_PENDING";
        return new BoundaryRefusal(lead.leadId(), owner, lead.mergedInto(), action);
    }

    /** The refusal in words, for the caller. */
    public String detail() {
        String why = switch (owner) {
            case "SALES" -> " is owned by sales";
            case "MERGED" -> " was merged into " + mergedInto;
            default -> " is being handed off to sales";
        };
        return "lead " + leadId + why + "; marketing may not " + action.toLowerCase(Locale.ROOT).replace('_', ' ')
                + " it";
    }
}
