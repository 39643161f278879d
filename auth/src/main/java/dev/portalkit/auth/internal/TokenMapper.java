package dev.portalkit.auth.internal;

import java.time.Instant;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** password_reset_tokens and email_verification_tokens. Not API. */
public interface TokenMapper {

    /** Voids every unused reset token of the user (none for a null user). */
    int voidResetTokens(@Param("userId") UUID userId, @Param("now") Instant now);

    /** Inserts a reset token for the user; for a null user inserts nothing (the same statement). */
    int insertReset(@Param("userId") UUID userId, @Param("tokenHash") byte[] tokenHash,
                    @Param("expiresAt") Instant expiresAt, @Param("ip") String ip);

    /** Waits for, then holds until the transaction ends, the reset lock of one address. */
    Integer lockAddress(@Param("key") int key);

    /** How many reset requests for the address are in the window, and when the oldest was made. */
    RequestCount resetRequests(@Param("addressHash") byte[] addressHash, @Param("since") Instant since);

    int insertRequest(@Param("addressHash") byte[] addressHash, @Param("now") Instant now);

    /** Deletes up to 100 requests that left the window, skipping rows another purge holds. */
    int purgeRequests(@Param("before") Instant before);

    record RequestCount(int requests, Instant oldest) {
    }

    /** The token's user without using it up. */
    TokenRow peekReset(@Param("tokenHash") byte[] tokenHash, @Param("now") Instant now);

    /** Uses the user's token up, atomically: at most one caller gets the row. */
    TokenRow consumeReset(@Param("tokenHash") byte[] tokenHash, @Param("userId") UUID userId, @Param("now") Instant now);

    int voidVerificationTokens(@Param("userId") UUID userId, @Param("now") Instant now);

    int insertVerification(@Param("userId") UUID userId, @Param("email") String email,
                           @Param("tokenHash") byte[] tokenHash, @Param("expiresAt") Instant expiresAt);

    TokenRow consumeVerification(@Param("tokenHash") byte[] tokenHash, @Param("now") Instant now);
}
