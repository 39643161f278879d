package dev.portalkit.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/** A row of app_settings. Not API. */
public record SettingRow(UUID id, String key, JsonNode value, long version, Instant updatedAt) {
}
