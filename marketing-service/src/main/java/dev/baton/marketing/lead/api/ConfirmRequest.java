package dev.baton.marketing.lead.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /consents/confirm}: the token the person received. */
public record ConfirmRequest(@NotBlank @Size(max = 100) String token) {
}
