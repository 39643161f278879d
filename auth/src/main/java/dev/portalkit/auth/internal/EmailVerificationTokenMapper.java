package dev.portalkit.auth.internal;

import java.time.Instant;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** email_verification_tokens. Not API. */
public interface EmailVerificationTokenMapper {

    /** Voids every unused verification token of the user. */
    int voidAll(@Param("userId") UUID userId, @Param("now") Instant now);

    int insert(@Param("userId") UUID userId, @Param("email") String email,
               @Param("tokenHash") byte[] tokenHash, @Param("expiresAt") Instant expiresAt);

    /** Uses the token up, atomically: at most one caller gets the row (the user and the address it verifies). */
    TokenRow consume(@Param("tokenHash") byte[] tokenHash, @Param("now") Instant now);
}
