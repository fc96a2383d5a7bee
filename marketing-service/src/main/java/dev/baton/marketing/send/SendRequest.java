package dev.baton.marketing.send;

import dev.baton.marketing.consent.ConsentChannel;
import jakarta.validation.constraints.NotNull;

import java.util.UUID;

/** {@code POST /leads/{id}/sends}: the channel defaults to EMAIL. */
public record SendRequest(@NotNull SendKind kind, ConsentChannel channel, UUID campaignId) {
}
