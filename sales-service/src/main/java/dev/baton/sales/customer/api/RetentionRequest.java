package dev.baton.sales.customer.api;

import dev.baton.sales.customer.domain.RetentionKind;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code POST /customers/{leadId}/retention}. */
public record RetentionRequest(@NotNull RetentionKind kind, @Size(max = 2000) String notes) {
}
