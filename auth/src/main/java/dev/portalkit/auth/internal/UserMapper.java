package dev.portalkit.auth.internal;

import dev.portalkit.auth.Role;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserQuery;
import dev.portalkit.auth.UserStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** users. Not API. */
public interface UserMapper {

    User insert(@Param("email") String email, @Param("displayName") String displayName, @Param("role") Role role,
                @Param("passwordHash") String passwordHash, @Param("now") Instant now,
                @Param("metadata") Map<String, Object> metadata);

    User find(@Param("id") UUID id);

    /** Including deleted users, locked for update. */
    User findAnyForUpdate(@Param("id") UUID id);

    User findByEmail(@Param("email") String email);

    CredentialRow credentials(@Param("email") String email);

    CredentialRow credentialsById(@Param("id") UUID id);

    User updateProfile(@Param("id") UUID id, @Param("displayName") String displayName,
                       @Param("metadata") Map<String, Object> metadata, @Param("version") long version);

    User setRole(@Param("id") UUID id, @Param("role") Role role);

    User setStatus(@Param("id") UUID id, @Param("status") UserStatus status);

    User softDelete(@Param("id") UUID id, @Param("now") Instant now);

    User restore(@Param("id") UUID id);

    User verifyEmail(@Param("id") UUID id, @Param("email") String email, @Param("now") Instant now);

    List<User> list(@Param("q") UserQuery query, @Param("pattern") String pattern, @Param("afterCreated") Instant afterCreated,
                    @Param("afterId") UUID afterId, @Param("limit") int limit);

    /**
     * Counts one wrong password unless a lock stands (then no row: the caller judges it {@code locked});
     * the count restarts when quiet since {@code quietSince}. Null {@code id}: no row, same statement.
     */
    FailureRow recordFailure(@Param("id") UUID id, @Param("now") Instant now, @Param("quietSince") Instant quietSince,
                             @Param("threshold") int threshold, @Param("baseSeconds") long baseSeconds,
                             @Param("maxSeconds") long maxSeconds);

    /**
     * The login's one deciding write: 1 if the account is live, active, not locked and its password is
     * still the one verified; 0 (nothing written) otherwise.
     */
    int recordSuccess(@Param("id") UUID id, @Param("now") Instant now, @Param("ip") String ip,
                      @Param("oldHash") String oldHash, @Param("changedAt") Instant changedAt);

    /** Replaces the hash by a stronger one of the same password, if it is still {@code oldHash}. */
    int rehash(@Param("id") UUID id, @Param("oldHash") String oldHash, @Param("newHash") String newHash);

    /** Why a login or password change of this user was refused; null when there is no such user. */
    String refusal(@Param("id") UUID id, @Param("now") Instant now);

    /**
     * Sets the password and clears the lockout. With {@code oldHash} (a password change) only if the
     * account is active, not locked and its password is still {@code oldHash}; otherwise null.
     */
    User setPassword(@Param("id") UUID id, @Param("hash") String hash, @Param("now") Instant now,
                     @Param("oldHash") String oldHash);

    /** Takes the live user's row lock, so the user's token changes run one at a time; null if none. */
    UUID lockLive(@Param("id") UUID id);


    /** The live, active, unlocked user whose password is still the one verified, row held; null otherwise. */
    UUID passwordStepOk(@Param("id") UUID id, @Param("now") Instant now, @Param("oldHash") String oldHash,
                        @Param("changedAt") Instant changedAt);

    /** The live, active, unlocked user, row held to the end of the transaction; null otherwise. */
    UUID lockSignable(@Param("id") UUID id, @Param("now") Instant now);

    /** A sign-in completed by a second factor: clears the failure count, records the login. */
    int recordSecondFactor(@Param("id") UUID id, @Param("now") Instant now, @Param("ip") String ip);

    User changeEmail(@Param("id") UUID id, @Param("email") String email, @Param("now") Instant now);
}
