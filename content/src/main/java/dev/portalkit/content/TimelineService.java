package dev.portalkit.content;

import dev.portalkit.core.Nullable;
import dev.portalkit.core.CallContext;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Project and user timelines: milestones, tasks and events. A change naming an item that does not
 * exist throws core's {@link dev.portalkit.core.NotFoundException} (entity {@code Timeline item}).
 */
public interface TimelineService {

    /**
     * Adds an item at {@code position} (0 to the number of items; {@code null} appends), PLANNED.
     *
     * @throws dev.portalkit.core.ValidationException naming each bad field, or an unknown user
     */
    TimelineItem add(TimelineKey timeline, @Nullable Integer position, TimelineItemInput input, CallContext context);

    TimelineItem update(UUID id, TimelineItemInput input, CallContext context);

    /** Sets the status; DONE sets {@code completedAt} to now, any other status clears it. */
    TimelineItem setStatus(UUID id, TimelineStatus status, CallContext context);

    /** {@code setStatus(id, DONE, context)}; an item already done keeps its completion time. */
    TimelineItem markDone(UUID id, CallContext context);

    /** Moves an item to {@code position} (0 to n-1) in its timeline; returns the timeline. */
    List<TimelineItem> move(UUID id, int position, CallContext context);

    /** Removes an item; later items move up. */
    void remove(UUID id, CallContext context);

    /** The timeline by date ({@code occursAt}, else {@code dueAt}; undated last), then position. */
    List<TimelineItem> list(TimelineKey timeline);

    TimelineProgress progress(TimelineKey timeline);

    /** Progress of several timelines in one query; each key appears, empty timelines as 0 of 0. */
    Map<TimelineKey, TimelineProgress> progress(Collection<TimelineKey> timelines);
}
