package dev.baton.sales.customer.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /customers/{leadId}/churn}: the customer was lost, and why. */
public record ChurnRequest(@NotBlank @Size(max = 500) String reason) {
}
