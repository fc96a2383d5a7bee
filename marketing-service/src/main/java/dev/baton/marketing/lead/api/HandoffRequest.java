package dev.baton.marketing.lead.api;

import jakarta.validation.constraints.Size;

/** {@code POST /leads/{id}/handoff/retry}: why the marketer asks again, optional. */
public record HandoffRequest(@Size(max = 500) String reason) {
}
