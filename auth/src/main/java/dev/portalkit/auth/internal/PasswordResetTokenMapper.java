package dev.portalkit.auth.internal;

import java.time.Instant;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** password_reset_tokens. Not API. */
public interface PasswordResetTokenMapper {

    /** Voids every unused reset token of the user (none for a null user). */
    int voidAll(@Param("userId") UUID userId, @Param("now") Instant now);

    /** Inserts a reset token for the user; for a null user inserts nothing (the same statement). */
    int insert(@Param("userId") UUID userId, @Param("tokenHash") byte[] tokenHash,
               @Param("expiresAt") Instant expiresAt, @Param("ip") String ip);

    /** The token's live user without using the token up. */
    TokenRow peek(@Param("tokenHash") byte[] tokenHash, @Param("now") Instant now);

    /** Uses the user's token up, atomically: at most one caller gets the row. */
    TokenRow consume(@Param("tokenHash") byte[] tokenHash, @Param("userId") UUID userId, @Param("now") Instant now);
}
