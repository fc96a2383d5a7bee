package dev.baton.marketing.lead.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /consents/confirm}: the token the person received, and their client's address and user agent when they
 * clicked (kept as proof of their confirmation, never published).
 */
public record ConfirmRequest(
        @NotBlank @Size(max = 100) String token,
        @Size(max = 45) @Pattern(regexp = "[0-9A-Fa-f:.]+", message = "must be an IPv4 or IPv6 address") String clientIp,
        @Size(max = 500) String userAgent) {
}
