package dev.portalkit.auth.internal;

import java.time.Instant;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** password_reset_tokens and email_verification_tokens. Not API. */
public interface TokenMapper {

    int voidResetTokens(@Param("userId") UUID userId, @Param("now") Instant now);

    int insertReset(@Param("userId") UUID userId, @Param("tokenHash") byte[] tokenHash,
                    @Param("expiresAt") Instant expiresAt, @Param("ip") String ip);

    /** The token's user without using it up. */
    TokenRow peekReset(@Param("tokenHash") byte[] tokenHash, @Param("now") Instant now);

    /** Uses the token up, atomically: at most one caller gets the row. */
    TokenRow consumeReset(@Param("tokenHash") byte[] tokenHash, @Param("now") Instant now);

    int voidVerificationTokens(@Param("userId") UUID userId, @Param("now") Instant now);

    int insertVerification(@Param("userId") UUID userId, @Param("email") String email,
                           @Param("tokenHash") byte[] tokenHash, @Param("expiresAt") Instant expiresAt);

    TokenRow consumeVerification(@Param("tokenHash") byte[] tokenHash, @Param("now") Instant now);
}
