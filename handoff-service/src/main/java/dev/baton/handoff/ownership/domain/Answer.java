package dev.baton.handoff.ownership.domain;

import dev.baton.contract.Actor;
import dev.baton.contract.RejectReason;

/**
 * An answer to a handoff, from sales' responses topic or from the REST API.
 *
 * @param decision      ACCEPT or REJECT
 * @param reason        the rejection's reason code; null for an acceptance
 * @param caller        who answered (recorded when the answer is refused)
 * @param opportunityId sales' opportunity, when the answer came from sales
 * @param causationId   the response event or request that carried it
 */
public record Answer(String decision, RejectReason reason, Actor caller, String opportunityId, String causationId) {
}
