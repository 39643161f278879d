package dev.portalkit.content;

import dev.portalkit.core.spi.Values;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A milestone, task or event on a timeline.
 *
 * @param userId      the owning user, or {@code null} for a project timeline
 * @param projectKey  the project, or {@code null} for a user timeline
 * @param completedAt set when the item is DONE, and only then
 * @param position    0-based, unique and gap-free within the timeline; orders items of the same date
 */
public record TimelineItem(UUID id, UUID userId, String projectKey, String title, String description,
                           TimelineKind kind, TimelineStatus status, Instant dueAt, Instant occursAt,
                           Instant completedAt, int position, Map<String, Object> metadata,
                           Instant createdAt, Instant updatedAt) {

    public TimelineItem {
        metadata = Values.copy(metadata);
    }

    public TimelineKey timeline() {
        return new TimelineKey(userId, projectKey);
    }

    /** When the item happens: {@code occursAt}, else {@code dueAt}, else {@code null}. */
    public Instant when() {
        return occursAt != null ? occursAt : dueAt;
    }
}
