package dev.portalkit.content.internal;

import dev.portalkit.content.TimelineItem;
import dev.portalkit.content.TimelineItemInput;
import dev.portalkit.content.TimelineKey;
import dev.portalkit.content.TimelineStatus;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** timeline_items; positions as in {@link PositionedMapper}, the owner a timeline. Not API. */
public interface TimelineItemMapper extends PositionedMapper<TimelineKey> {

    /** A transaction-scoped advisory lock per timeline: its position changes run one at a time. */
    int lock(@Param("key") String key);

    TimelineItem find(@Param("id") UUID id);

    /** By position. */
    List<TimelineItem> items(@Param("owner") TimelineKey timeline);

    /** By date, then position. */
    List<TimelineItem> list(@Param("owner") TimelineKey timeline);

    /** Personal data: the user's own timeline goes (as it would with the user's row). */
    int deleteOfUser(@Param("userId") UUID userId);

    TimelineItem insert(@Param("owner") TimelineKey timeline, @Param("position") int position,
                        @Param("in") TimelineItemInput input);

    TimelineItem update(@Param("id") UUID id, @Param("in") TimelineItemInput input);

    TimelineItem setStatus(@Param("id") UUID id, @Param("status") TimelineStatus status, @Param("now") Instant now);

    List<ProgressRow> progress(@Param("keys") Collection<TimelineKey> keys);
}
