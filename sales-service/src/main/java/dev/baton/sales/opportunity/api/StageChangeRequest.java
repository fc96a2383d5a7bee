package dev.baton.sales.opportunity.api;

import dev.baton.sales.opportunity.domain.PipelineStage;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * {@code POST /opportunities/{id}/stage}: move an open opportunity in the pipeline. The writable fields are exactly
 * these. A move back (e.g. PROPOSAL to RELATIONSHIP) needs a reason.
 *
 * @param stage             FOLLOW_UP, RELATIONSHIP, PROPOSAL or CLOSING
 * @param amount            the expected value, replaces the previous one when given
 * @param expectedCloseDate when the rep expects to close, replaces the previous one when given
 * @param reason            why (required for a move back)
 */
public record StageChangeRequest(
        @NotNull PipelineStage stage,
        @DecimalMin("0") @Digits(integer = 12, fraction = 2) BigDecimal amount,
        LocalDate expectedCloseDate,
        @Size(max = 500) String reason) {
}
