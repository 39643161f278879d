package dev.portalkit.core.internal;

import dev.portalkit.core.ActivityEntry;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** activity_logs. Not API. */
public interface ActivityLogMapper {

    /** Inserts the rows and commits, in one round trip. */
    void insertAndCommit(@Param("rows") List<NewActivity> rows);

    /** Inserts the rows, in a host's transaction: its commit is the host's. */
    void insert(@Param("rows") List<NewActivity> rows);

    /** The query's fields come one by one: OGNL reads a record's components far slower than a map's entries. */
    List<ActivityEntry> find(@Param("actorId") UUID actorId, @Param("entityType") String entityType,
                             @Param("entityId") UUID entityId, @Param("action") String action,
                             @Param("from") Instant from, @Param("to") Instant to,
                             @Param("beforeSeq") Long beforeSeq, @Param("limit") int limit);

    List<ActivityEntry> aboutUser(@Param("userId") UUID userId);

    /** The actor directory's e-mail of the user ('' when it has none), or null when it does not know them. */
    String actorEmail(@Param("userId") UUID userId);
}
