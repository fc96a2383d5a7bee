package dev.baton.sales.activity.api;

import dev.baton.sales.activity.domain.ActivityDirection;
import dev.baton.sales.activity.domain.ActivityDraft;
import dev.baton.sales.activity.domain.ActivityType;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * {@code POST /opportunities/{id}/activities}. The writable fields are exactly these; which of direction, startsAt, endsAt,
 * dueAt and amount a type needs or accepts is in {@link ActivityType}.
 */
public record ActivityRequest(
        @NotNull ActivityType type,
        ActivityDirection direction,
        @Size(max = 200) String subject,
        @Size(max = 2000) String notes,
        Instant startsAt,
        Instant endsAt,
        Instant dueAt,
        @DecimalMin("0") @Digits(integer = 12, fraction = 2) BigDecimal amount) {

    public ActivityDraft draft() {
        return new ActivityDraft(type, direction, subject, notes, startsAt, endsAt, dueAt, amount);
    }
}
