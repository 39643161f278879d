package dev.portalkit.auth.internal;

import java.time.Instant;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** user_totp. Not API. */
public interface UserTotpMapper {

    /** A user's TOTP row: the sealed secret, its key's id, whether confirmed, the last accepted step. */
    record TotpRow(String keyId, byte[] secretCiphertext, Instant confirmedAt, Long lastUsedStep) {
    }

    /** Stores a new unconfirmed enrolment, replacing an unconfirmed one; 0 (nothing written) when one is confirmed. */
    int begin(@Param("userId") UUID userId, @Param("keyId") String keyId, @Param("ciphertext") byte[] ciphertext);

    TotpRow find(@Param("userId") UUID userId);

    /**
     * The row, locked (FOR NO KEY UPDATE) to the end of the transaction. Every path that holds both a
     * user's TOTP row and their users row takes the TOTP row first (the code step, disable; the password
     * step holds only the users row), so two of them never wait for each other in a cycle.
     */
    TotpRow lock(@Param("userId") UUID userId);

    /** Confirms the unconfirmed enrolment at the step of its first code; 0 when there is none. */
    int confirm(@Param("userId") UUID userId, @Param("step") long step, @Param("now") Instant now);

    /** Accepts {@code step} only if it is later than the last accepted one: the one deciding write against replay. */
    int advance(@Param("userId") UUID userId, @Param("step") long step);

    boolean enabled(@Param("userId") UUID userId);

    int delete(@Param("userId") UUID userId);
}
