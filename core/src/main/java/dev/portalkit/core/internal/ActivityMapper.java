package dev.portalkit.core.internal;

import dev.portalkit.core.ActivityEntry;
import dev.portalkit.core.ActivityQuery;
import dev.portalkit.core.AuditVerification;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** activity_logs. Not API. */
public interface ActivityMapper {

    /** Inserts the rows and commits, in one round trip. */
    void insertAndCommit(@Param("rows") List<NewActivity> rows);

    List<ActivityEntry> find(@Param("q") ActivityQuery query, @Param("beforeSeq") Long beforeSeq, @Param("limit") int limit);

    AuditVerification verify();
}
