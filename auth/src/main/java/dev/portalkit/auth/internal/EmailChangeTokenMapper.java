package dev.portalkit.auth.internal;

import java.time.Instant;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** email_change_tokens. Not API. */
public interface EmailChangeTokenMapper {

    int voidAll(@Param("userId") UUID userId, @Param("now") Instant now);

    int insert(@Param("userId") UUID userId, @Param("newEmail") String newEmail, @Param("tokenHash") byte[] tokenHash,
               @Param("expiresAt") Instant expiresAt);

    /** Uses the token up, atomically: the user and the new address, for at most one caller. */
    TokenRow consume(@Param("tokenHash") byte[] tokenHash, @Param("now") Instant now);

    /** The new address of the user's live change request, or null. */
    String pending(@Param("userId") UUID userId, @Param("now") Instant now);

    int deleteAll(@Param("userId") UUID userId);
}
