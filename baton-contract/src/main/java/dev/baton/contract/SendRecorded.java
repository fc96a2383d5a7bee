package dev.baton.contract;

import java.time.Instant;
import java.util.List;

/** The data of {@code marketing.sends.v1}: a nurture or retention message marketing decided to send. */
public record SendRecorded(
        String sendId,
        String leadId,
        String kind,
        String channel,
        String campaignId,
        List<String> topics,
        Actor actor,
        Instant occurredAt) {

    public SendRecorded {
        topics = topics == null ? null : List.copyOf(topics);
    }
}
