package dev.baton.marketing.send.api;

import dev.baton.marketing.send.domain.Send;
import dev.baton.marketing.send.domain.SendKind;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A recorded send.
 *
 * @param topics what the message is about: for a retention newsletter, the lead's interests (from engagement) and
 *               purchase history (from sales' closed and retained events)
 */
public record SendResponse(UUID sendId, UUID leadId, SendKind kind, String channel, List<String> topics,
        Instant createdAt) {

    static SendResponse of(Send send) {
        return new SendResponse(send.sendId(), send.leadId(), send.kind(), send.channel().name(), send.topics(),
                send.createdAt());
    }
}
