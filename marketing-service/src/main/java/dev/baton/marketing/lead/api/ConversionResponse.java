package dev.baton.marketing.lead.api;

import dev.baton.contract.Stage;
import dev.baton.marketing.lead.LeadService;

import java.util.UUID;

/**
 * The lead a conversion created (201) or found (200). {@code confirmation}: for a newsletter signup with consent, the
 * token the person must confirm ({@code POST /consents/confirm}) before anything is sent to them; send it to them.
 */
public record ConversionResponse(UUID leadId, Stage stage, ConfirmationResponse confirmation) {

    static ConversionResponse of(LeadService.Converted converted) {
        return new ConversionResponse(converted.leadId(), converted.stage(),
                ConfirmationResponse.of(converted.confirmation()));
    }
}
