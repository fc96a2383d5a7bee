package dev.baton.marketing.lead.api;

import jakarta.validation.constraints.Size;

/** {@code POST /leads/{id}/qualify}: the marketer's reason, optional. */
public record QualifyRequest(@Size(max = 500) String reason) {
}
