package dev.baton.sales.activity.domain;

import dev.baton.contract.ConsentChannel;
import dev.baton.platform.problem.ProblemException;
import dev.baton.sales.Text;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An activity to record on an opportunity, as the rep (or their assistant) wrote it; {@link ActivityType} says which fields it takes. */
public record ActivityDraft(ActivityType type, ActivityDirection direction, String subject, String notes,
        Instant startsAt, Instant endsAt, Instant dueAt, BigDecimal amount) {

    /**
     * 422 when a field does not apply to the type, a field the type needs is missing (a blank subject is missing), or
     * a meeting or appointment does not end after it starts.
     */
    public void validate() {
        Map<String, Object> specific = new LinkedHashMap<>();
        specific.put("direction", direction);
        specific.put("startsAt", startsAt);
        specific.put("endsAt", endsAt);
        specific.put("dueAt", dueAt);
        specific.put("amount", amount);
        specific.forEach((field, value) -> {
            if (value != null && !type.allowed().contains(field)) {
                throw ProblemException.unprocessable("field-not-applicable", "field '" + field + "' does not apply to a "
                        + type + "; it takes " + (type.allowed().isEmpty() ? "only subject and notes"
                        : "subject, notes and " + String.join(", ", type.allowed().stream().sorted().toList())));
            }
        });
        specific.put("subject", Text.blankToNull(subject));
        List<String> required = type.required().stream().sorted().toList();
        for (String field : required) {
            if (specific.get(field) == null) {
                throw ProblemException.unprocessable("field-required", "a " + type + " needs '" + field + "'")
                        .with("required", required);
            }
        }
        if (startsAt != null && endsAt != null && !endsAt.isAfter(startsAt)) {
            throw ProblemException.unprocessable("end-before-start", "a " + type + " must end after it starts");
        }
    }

    /** The direction of a call or an email (outbound unless said otherwise); null for the other types. */
    public ActivityDirection effectiveDirection() {
        return type.channel() == null ? null : direction != null ? direction : ActivityDirection.OUTBOUND;
    }

    /** The channel on which it contacts the person (an outbound call or email), whose consent it needs; else null. */
    public ConsentChannel contacts() {
        return effectiveDirection() == ActivityDirection.OUTBOUND ? type.channel() : null;
    }

    /** The recorded activity: done by {@code actorId} for {@code repId}; subject and notes stripped. */
    public Activity record(UUID opportunityId, String actorId, String repId, Instant at) {
        return new Activity(UUID.randomUUID(), opportunityId, type, effectiveDirection(), Text.blankToNull(subject),
                Text.blankToNull(notes), startsAt, endsAt, dueAt, amount, actorId, repId, at, null, null);
    }

    /** A proposal's amount becomes the opportunity's value. */
    public boolean setsTheOpportunityValue() {
        return type == ActivityType.PROPOSAL;
    }
}
