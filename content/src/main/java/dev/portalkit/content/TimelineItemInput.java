package dev.portalkit.content;

import dev.portalkit.core.spi.Values;
import java.time.Instant;
import java.util.Map;

/**
 * A timeline item's content. The status changes through {@link TimelineService#setStatus} and
 * {@link TimelineService#markDone}.
 *
 * @param title       1 to 200 characters
 * @param description at most 5,000 characters, or {@code null}
 * @param kind        {@code null} means TASK
 */
public record TimelineItemInput(String title, String description, TimelineKind kind, Instant dueAt, Instant occursAt,
                                Map<String, Object> metadata) {

    public TimelineItemInput {
        metadata = Values.copy(metadata);
    }

    public static TimelineItemInput task(String title, Instant dueAt) {
        return new TimelineItemInput(title, null, TimelineKind.TASK, dueAt, null, Map.of());
    }

    public static TimelineItemInput milestone(String title, Instant dueAt) {
        return new TimelineItemInput(title, null, TimelineKind.MILESTONE, dueAt, null, Map.of());
    }

    public static TimelineItemInput event(String title, Instant occursAt) {
        return new TimelineItemInput(title, null, TimelineKind.EVENT, null, occursAt, Map.of());
    }

    public TimelineItemInput withDescription(String d) {
        return new TimelineItemInput(title, d, kind, dueAt, occursAt, metadata);
    }
}
