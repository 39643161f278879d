package dev.portalkit.auth.internal;

import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/**
 * Every auth table's part of a data-subject request (AuthPersonalData), in one place so that a new
 * table of auth is added here: AuthPersonalDataIT scans every text, JSON and inet column of auth's
 * tables after an erasure and fails on what was missed. Not API.
 */
public interface PersonalDataMapper {

    /** The export, as one JSON object's text: profile, settings, sessions, 2FA flag, pending e-mail change. */
    String export(@Param("userId") UUID userId, @Param("now") java.time.Instant now);

    int deleteResetRequests(@Param("userId") UUID userId);

    int deleteSessions(@Param("userId") UUID userId);

    int deleteChallenges(@Param("userId") UUID userId);

    int deleteResetTokens(@Param("userId") UUID userId);

    int deleteVerificationTokens(@Param("userId") UUID userId);

    int deleteEmailChangeTokens(@Param("userId") UUID userId);

    int deleteRecoveryCodes(@Param("userId") UUID userId);

    int deleteTotp(@Param("userId") UUID userId);

    int deleteSettings(@Param("userId") UUID userId);

    int anonymise(@Param("userId") UUID userId, @Param("now") java.time.Instant now);

    /** The account's e-mail and name, deleted or not. */
    record Account(String email, String displayName) {
    }

    /** The account, deleted or not; null when there is none. */
    Account describe(@Param("userId") UUID userId);
}
