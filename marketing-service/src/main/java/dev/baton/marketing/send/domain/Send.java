package dev.baton.marketing.send.domain;

import dev.baton.contract.ConsentChannel;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A recorded send, published on {@code marketing.sends.v1} for the delivery systems. */
public record Send(UUID sendId, UUID leadId, SendKind kind, ConsentChannel channel, UUID campaignId,
        List<String> topics, Instant createdAt) {
}
