package dev.portalkit.content;

import dev.portalkit.core.ValidationException;
import java.util.UUID;

/**
 * Names one timeline: a user's own, or a project's under a key the host chooses. Exactly one of
 * the two is set.
 *
 * @param projectKey letters, digits and {@code . _ : -} between them, at most 100
 */
public record TimelineKey(UUID userId, String projectKey) {

    public TimelineKey {
        if ((userId == null) == (projectKey == null)) {
            throw new ValidationException("timeline", "must name either a user or a project key, not both or neither");
        }
    }

    public static TimelineKey user(UUID userId) {
        return new TimelineKey(userId, null);
    }

    public static TimelineKey project(String key) {
        return new TimelineKey(null, key);
    }
}
