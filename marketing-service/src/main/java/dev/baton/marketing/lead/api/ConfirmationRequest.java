package dev.baton.marketing.lead.api;

import dev.baton.contract.ConsentChannel;
import dev.baton.marketing.lead.domain.ConsentProof;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /leads/{id}/consent/confirmations}: ask the person to confirm a grant.
 *
 * @param source      where it was asked (a preference centre, a form...), kept to demonstrate it
 * @param purpose     what it is for; by default MARKETING_EMAIL for EMAIL, SALES_CONTACT for PHONE
 * @param textVersion the text (or its version) the person is asked to confirm; optional
 */
public record ConfirmationRequest(@NotNull ConsentChannel channel, @NotBlank @Size(max = 200) String source,
        ConsentProof.Purpose purpose, @Size(max = 100) String textVersion) {

    ConsentProof shown() {
        return new ConsentProof(purpose, textVersion, null, null);
    }
}
