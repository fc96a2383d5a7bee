package dev.baton.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * The data of {@code sales.responses.v1}: a rep's (or their assistant's) answer to a handoff. The handoff service
 * checks it against the current assignee and turns it into {@code accepted} or {@code rejected} + {@code recycled}.
 *
 * @param responseId    unique id of this answer
 * @param leadId        the lead
 * @param opportunityId the sales opportunity that was answered
 * @param decision      {@code ACCEPT} or {@code REJECT}
 * @param reasonCode    for a rejection: one of {@link RejectReason}
 * @param repId         the rep the answer is given for
 * @param actor         who gave it (the rep, or an assistant on the rep's behalf)
 * @param occurredAt    when
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HandoffResponse(
        String responseId,
        String leadId,
        String opportunityId,
        String decision,
        String reasonCode,
        String repId,
        Actor actor,
        Instant occurredAt) {
}
