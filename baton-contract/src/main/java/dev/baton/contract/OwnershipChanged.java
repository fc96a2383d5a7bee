package dev.baton.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * The data of {@code lead.ownership.v1}: the current owner of a lead. The topic is compacted, so the latest record of
 * each lead is its current ownership.
 *
 * @param leadId      the lead
 * @param owner       MARKETING or SALES
 * @param repId       the assigned rep while sales owns it
 * @param status      handoff status: {@code MARKETING}, {@code HANDED_OFF}, {@code ACCEPTED}, {@code REJECTED},
 *                    {@code ESCALATED}, {@code CLOSED}
 * @param slaDueAt    when the assignee must have accepted, while {@code HANDED_OFF}
 * @param version     per-lead version of the ownership, increasing by one per change
 * @param actor       who changed it
 * @param reason      why
 * @param causationId the event or command that caused it
 * @param occurredAt  when it changed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OwnershipChanged(
        String leadId,
        Owner owner,
        String repId,
        String status,
        Instant slaDueAt,
        long version,
        Actor actor,
        String reason,
        String causationId,
        Instant occurredAt) {
}
