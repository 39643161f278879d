package dev.portalkit.auth;

import dev.portalkit.core.spi.Values;
import java.util.Map;

/** The fields a user edits on their profile; both replace the stored values. */
public record ProfileUpdate(String displayName, Map<String, Object> metadata) {

    public ProfileUpdate {
        metadata = Values.copy(metadata);
    }
}
