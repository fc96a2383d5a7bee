package dev.baton.marketing.lead.api;

import dev.baton.contract.ConsentChannel;
import dev.baton.marketing.lead.ConsentService;

import java.time.Instant;
import java.util.UUID;

/**
 * A grant waiting for the person: {@code token} goes to them (the link in the confirmation email) and is shown only
 * here, once; Baton keeps only its hash.
 */
public record ConfirmationResponse(UUID leadId, ConsentChannel channel, String token, Instant expiresAt) {

    static ConfirmationResponse of(ConsentService.Requested requested) {
        return requested == null ? null : new ConfirmationResponse(requested.leadId(), requested.channel(),
                requested.token(), requested.expiresAt());
    }
}
