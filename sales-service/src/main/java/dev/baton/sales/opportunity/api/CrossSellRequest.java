package dev.baton.sales.opportunity.api;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * {@code POST /customers/{leadId}/opportunities}: a further product for an existing customer.
 *
 * @param title             what is offered
 * @param amount            its expected value
 * @param expectedCloseDate when the rep expects to close it
 */
public record CrossSellRequest(
        @NotBlank @Size(max = 200) String title,
        @DecimalMin("0") @Digits(integer = 12, fraction = 2) BigDecimal amount,
        LocalDate expectedCloseDate) {
}
