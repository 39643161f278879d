package dev.portalkit.auth;

import dev.portalkit.core.CallContext;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.SoftDeleting;
import java.util.Optional;
import java.util.UUID;

/**
 * User accounts: register, find, profile, role, status, soft delete and restore, e-mail verification.
 * {@link #delete} also revokes the user's sessions and frees the e-mail; {@link #restore} throws
 * {@link EmailTakenException} when a live user took the e-mail meanwhile.
 */
public interface UserService extends SoftDeleting<User> {

    /**
     * Creates an ACTIVE user.
     *
     * @throws dev.portalkit.core.ValidationException naming each bad field (nothing is written)
     * @throws EmailTakenException when a live user has this e-mail (in any letter case)
     */
    User register(NewUser user, CallContext context);

    /** A live (not deleted) user. */
    Optional<User> find(UUID id);

    /**
     * A live user by e-mail, case-insensitively (ASCII letter case). Empty for an address
     * {@link #register} would refuse, such as a non-ASCII look-alike of an account's address.
     */
    Optional<User> findByEmail(String email);

    /**
     * Replaces display name and metadata if the user is still at {@code expectedVersion}.
     *
     * @throws dev.portalkit.core.StaleVersionException when someone else changed the user first
     */
    User updateProfile(UUID id, ProfileUpdate update, long expectedVersion, CallContext context);

    /** Changes the role and revokes the user's sessions, so the new role takes effect at once. */
    User changeRole(UUID id, Role role, CallContext context);

    /** A disabled user cannot sign in; their sessions are revoked. */
    User disable(UUID id, CallContext context);

    User enable(UUID id, CallContext context);

    /** Live users, newest first, keyset-paginated. */
    Page<User> list(UserQuery query, PageRequest page);

    /**
     * Issues a single-use e-mail verification token (valid 24 h by default) and returns it once, to
     * send; only its SHA-256 is stored. Earlier tokens of the user stop working.
     */
    String requestEmailVerification(UUID id, CallContext context);

    /**
     * Marks the e-mail the token was issued for as verified.
     *
     * @throws InvalidTokenException when the token is unknown, used, expired, or the e-mail changed
     */
    User verifyEmail(String token, CallContext context);

    /**
     * Starts an e-mail change: returns a single-use token for the new address (valid
     * {@link AuthOptions#emailChangeTokenTtl()}) with the new and the old address, for the host to
     * send. The account keeps its address (and signs in with it) until {@link #confirmEmailChange}.
     * Earlier change tokens of the user stop working.
     *
     * @throws dev.portalkit.core.ValidationException when {@code newEmail} is not an address {@link #register}
     *         would accept, or is the current one
     * @throws EmailTakenException when a live account has the new address
     * @throws dev.portalkit.core.NotFoundException when there is no such live user
     */
    EmailChangeRequest requestEmailChange(UUID id, String newEmail, CallContext context);

    /**
     * Confirms an e-mail change: the account's address becomes the new one (verified, since the token
     * reached it). The token works once; outstanding password reset tokens (sent to the old address)
     * stop working.
     *
     * @throws InvalidTokenException when the token is unknown, used or expired
     * @throws EmailTakenException when a live account took the address meanwhile (the token stays unused)
     */
    User confirmEmailChange(String token, CallContext context);
}
