package dev.baton.handoff.handoffs.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /ownership/{leadId}/reassign}: the new rep, and why (audited, published as the event's reason). */
public record ReassignRequest(@NotBlank @Size(max = 128) String repId, @NotBlank @Size(max = 500) String reason) {
}
