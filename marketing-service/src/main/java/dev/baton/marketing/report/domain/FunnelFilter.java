package dev.baton.marketing.report.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * The leads a funnel report counts (each part optional): touched by a campaign, converted from a source, created in
 * [from, to).
 */
public record FunnelFilter(UUID campaignId, String source, Instant from, Instant to) {
}
