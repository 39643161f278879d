package dev.portalkit.auth;

import dev.portalkit.core.ErrorCode;

/** Error codes of portalkit-auth (range 2000-2999). */
public enum AuthError implements ErrorCode {
    @Message("The e-mail address is already used by another account")
    EMAIL_TAKEN(2000),
    @Message("Invalid e-mail or password")
    INVALID_CREDENTIALS(2001),
    @Message("The %s token is unknown, already used or expired")
    INVALID_TOKEN(2002),
    /** Never thrown: a session that is not live is {@link #INVALID_TOKEN}. The number stays reserved. */
    @Deprecated
    @Message("The session is not valid: sign in again")
    SESSION_INVALID(2003),
    @Message("Interrupted while waiting to hash a password")
    HASHING_INTERRUPTED(2004),
    /** A reset limit passes with time: calling again later may succeed. */
    @Message(value = "Too many password reset requests for this address: try again in %d seconds", retryable = true)
    RESET_LIMITED(2005),
    /** A full hashing queue passes with time: calling again later may succeed. */
    @Message(value = "Every password hashing slot stayed busy for %d ms: try again", retryable = true)
    HASHING_BUSY(2006),
    /**
     * A call that counts failed attempts toward lockout was made inside a transaction: its count must
     * commit even though the call fails, which a transaction that rolls back would undo.
     */
    @Message("%s cannot run inside a transaction (Portal.inTransaction, Portal.joining or the host's own, such as"
            + " Spring's @Transactional): a failed attempt counts toward lockout and must commit even though the call"
            + " fails. Call it outside the transaction")
    LOGIN_IN_TRANSACTION(2007),
    /** {@link AuthService#login} for an account with two-factor sign-in: nothing was written, no session exists. */
    @Message("This account signs in with a second factor: call AuthService.signIn, then AuthService.completeSignIn"
            + " with the challenge and a code")
    TWO_FACTOR_REQUIRED(2008),
    @Message("The two-factor code is wrong, already used or expired")
    INVALID_TWO_FACTOR_CODE(2009),
    @Message("Two-factor sign-in %s")
    TWO_FACTOR_STATE(2010),
    /** A host configuration problem: no key to encrypt (or decrypt) a TOTP secret with. */
    @Message("%s: give the key to AuthOptions.builder().totpKey(id, 32 bytes) (or previousTotpKey for an older one)")
    TOTP_KEY_MISSING(2011);

    private final int number;

    AuthError(int number) {
        this.number = number;
    }

    @Override
    public int number() {
        return number;
    }
}
