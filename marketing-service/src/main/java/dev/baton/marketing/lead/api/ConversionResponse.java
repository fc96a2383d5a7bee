package dev.baton.marketing.lead.api;

import dev.baton.contract.Stage;
import dev.baton.marketing.lead.LeadService;

import java.util.UUID;

/** The lead a conversion created (201) or found (200). */
public record ConversionResponse(UUID leadId, Stage stage) {

    static ConversionResponse of(LeadService.Converted converted) {
        return new ConversionResponse(converted.leadId(), converted.stage());
    }
}
