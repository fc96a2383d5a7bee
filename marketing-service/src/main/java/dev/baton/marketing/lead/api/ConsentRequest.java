package dev.baton.marketing.lead.api;

import dev.baton.contract.ConsentChannel;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code PUT /leads/{id}/consent}: grant or withdraw consent on a channel.
 *
 * @param source where the person said so (a form, an unsubscribe link, a call...), kept to demonstrate it
 */
public record ConsentRequest(@NotNull ConsentChannel channel, @NotNull Boolean granted, @NotBlank @Size(max = 200) String source) {
}
