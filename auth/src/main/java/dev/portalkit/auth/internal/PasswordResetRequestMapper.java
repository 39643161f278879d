package dev.portalkit.auth.internal;

import java.time.Instant;
import org.apache.ibatis.annotations.Param;

/** password_reset_requests, and the per-address lock its rows are counted under. Not API. */
public interface PasswordResetRequestMapper {

    /** Waits for, then holds until the transaction ends, the reset lock of one address. */
    Integer lockAddress(@Param("key") int key);

    /** How many reset requests for the address are in the window, and when the oldest was made. */
    RequestCount count(@Param("addressHash") byte[] addressHash, @Param("since") Instant since);

    int insert(@Param("addressHash") byte[] addressHash, @Param("now") Instant now);

    /** Deletes up to 100 requests that left the window, skipping rows another purge holds. */
    int purge(@Param("before") Instant before);

    record RequestCount(int requests, Instant oldest) {
    }
}
