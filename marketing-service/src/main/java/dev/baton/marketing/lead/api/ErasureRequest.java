package dev.baton.marketing.lead.api;

import jakarta.validation.constraints.Size;

import java.util.UUID;

/** Whom to erase: a lead id or an email, exactly one. */
public record ErasureRequest(UUID leadId, @Size(max = 254) String email) {
}
