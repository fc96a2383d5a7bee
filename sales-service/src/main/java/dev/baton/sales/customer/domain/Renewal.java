package dev.baton.sales.customer.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A customer whose yearly anniversary of the win is coming up: the time to renew. Baton records no contract term, so
 * the anniversary of the close stands for it.
 */
public record Renewal(UUID leadId, String repId, CustomerStatus status, Instant wonAt, LocalDate renewsOn) {

    /** The first anniversary of {@code wonAt} on or after {@code today}. */
    public static LocalDate nextAnniversary(Instant wonAt, LocalDate today) {
        LocalDate won = wonAt.atOffset(ZoneOffset.UTC).toLocalDate();
        int years = Math.max(1, today.getYear() - won.getYear());
        LocalDate next = won.plusYears(years);
        return next.isBefore(today) ? won.plusYears(years + 1L) : next;
    }
}
