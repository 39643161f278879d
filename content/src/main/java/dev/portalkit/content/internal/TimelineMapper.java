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

/** timeline_items. Not API. */
public interface TimelineMapper {

    /** A transaction-scoped advisory lock per timeline: its position changes run one at a time. */
    int lock(@Param("key") String key);

    TimelineItem find(@Param("id") UUID id);

    /** By position. */
    List<TimelineItem> items(@Param("t") TimelineKey timeline);

    /** By date, then position. */
    List<TimelineItem> list(@Param("t") TimelineKey timeline);

    int count(@Param("t") TimelineKey timeline);

    TimelineItem insert(@Param("t") TimelineKey timeline, @Param("position") int position,
                        @Param("in") TimelineItemInput input);

    TimelineItem update(@Param("id") UUID id, @Param("in") TimelineItemInput input);

    TimelineItem setStatus(@Param("id") UUID id, @Param("status") TimelineStatus status, @Param("now") Instant now);

    int delete(@Param("id") UUID id);

    int shift(@Param("t") TimelineKey timeline, @Param("from") int from, @Param("delta") int delta);

    int placeAll(@Param("placements") List<Placement> placements);

    List<ProgressRow> progress(@Param("keys") Collection<TimelineKey> keys);
}
