package dev.baton.sales.opportunity.api;

import jakarta.validation.constraints.NotNull;

/** {@code POST /opportunities/{id}/reject}: the reason code (UNREACHABLE, BAD_DATA, NO_NEED, NO_BUDGET, NO_FIT). */
public record RejectRequest(@NotNull String reason) {
}
