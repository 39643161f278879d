package dev.portalkit.auth.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** recovery_codes. Not API. */
public interface RecoveryCodeMapper {

    int insert(@Param("userId") UUID userId, @Param("hashes") List<byte[]> hashes);

    /** Uses the code up, atomically: 1 for the one caller that got it, 0 for every other. */
    int use(@Param("userId") UUID userId, @Param("hash") byte[] hash, @Param("now") Instant now);

    int remaining(@Param("userId") UUID userId);

    int deleteAll(@Param("userId") UUID userId);
}
