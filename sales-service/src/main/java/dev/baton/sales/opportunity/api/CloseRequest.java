package dev.baton.sales.opportunity.api;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;

/** {@code POST /opportunities/{id}/close}: WON or LOST; a LOST needs a reason. */
public record CloseRequest(
        @NotNull Outcome outcome,
        @DecimalMin("0") @Digits(integer = 12, fraction = 2) BigDecimal amount,
        @Size(max = 500) String reason) {

    public enum Outcome { WON, LOST }
}
