package dev.baton.platform.privacy;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** What one service holds about one lead, for a person's export: sections of rows as the service stores them. */
public record PersonalDataExport(UUID leadId, String service, JsonObject data) {
}
