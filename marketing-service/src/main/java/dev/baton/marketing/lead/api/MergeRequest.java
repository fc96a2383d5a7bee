package dev.baton.marketing.lead.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.UUID;

/** {@code POST /leads/{id}/merge}: the duplicate to fold into this lead, and why. */
public record MergeRequest(@NotNull UUID duplicateLeadId, @Size(max = 500) String reason) {
}
