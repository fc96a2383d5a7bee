package dev.baton.marketing.lead.api;

import dev.baton.contract.ConsentChannel;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /leads/{id}/consent/confirmations}: ask the person to confirm a grant.
 *
 * @param source what the person was shown and where (a form and its text version...), kept to demonstrate it
 */
public record ConfirmationRequest(@NotNull ConsentChannel channel, @NotBlank @Size(max = 200) String source) {
}
