package dev.baton.marketing.lead.api;

import dev.baton.contract.ConsentChannel;
import dev.baton.marketing.lead.domain.ConsentProof;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code PUT /leads/{id}/consent}: grant or withdraw consent on a channel.
 *
 * @param source      where the person said so (a form, an unsubscribe link, a call...), kept to demonstrate it
 * @param purpose     what it is for; by default MARKETING_EMAIL for EMAIL, SALES_CONTACT for PHONE
 * @param textVersion the text (or its version) the person was shown; optional
 * @param clientIp    the person's client address when they acted themselves (kept as proof, never published)
 * @param userAgent   their user agent, likewise
 */
public record ConsentRequest(
        @NotNull ConsentChannel channel,
        @NotNull Boolean granted,
        @NotBlank @Size(max = 200) String source,
        ConsentProof.Purpose purpose,
        @Size(max = 100) String textVersion,
        @Size(max = 45) @Pattern(regexp = "[0-9A-Fa-f:.]+", message = "must be an IPv4 or IPv6 address") String clientIp,
        @Size(max = 500) String userAgent) {

    ConsentProof proof() {
        return new ConsentProof(purpose, textVersion, clientIp, userAgent);
    }
}
