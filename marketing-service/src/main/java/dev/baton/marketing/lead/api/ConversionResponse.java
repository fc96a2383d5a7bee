package dev.baton.marketing.lead.api;

import dev.baton.contract.Stage;
import dev.baton.marketing.lead.LeadService;

import java.util.UUID;

/**
 * The lead a conversion created (201) or found (200). {@code confirmation}: for a newsletter signup with consent
 * recorded by the system that mails the person (integration), the token they must confirm
 * ({@code POST /consents/confirm}) before anything is sent to them; nobody else gets it.
 */
public record ConversionResponse(UUID leadId, Stage stage, ConfirmationResponse confirmation) {

    static ConversionResponse of(LeadService.Converted converted, boolean mailsThePerson) {
        return new ConversionResponse(converted.leadId(), converted.stage(),
                mailsThePerson ? ConfirmationResponse.of(converted.confirmation()) : null);
    }
}
