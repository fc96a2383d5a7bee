package dev.baton.marketing.lead;

import dev.baton.contract.Stage;

import java.util.UUID;

/** The lead a conversion created (201) or found (200). */
public record ConversionResponse(UUID leadId, Stage stage) {
}
