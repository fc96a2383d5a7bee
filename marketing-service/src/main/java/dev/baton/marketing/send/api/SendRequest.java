package dev.baton.marketing.send.api;

import dev.baton.contract.ConsentChannel;
import dev.baton.marketing.send.domain.SendKind;
import jakarta.validation.constraints.NotNull;

import java.util.UUID;

/** {@code POST /leads/{id}/sends}: the channel defaults to EMAIL. */
public record SendRequest(@NotNull SendKind kind, ConsentChannel channel, UUID campaignId) {
}
