package dev.portalkit.auth.internal;

import dev.portalkit.auth.AuthError;
import dev.portalkit.auth.AuthOptions;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.spi.ModuleContext;
import dev.portalkit.core.spi.ModuleSupport;

/** What the auth services share: the runtime pieces of {@link ModuleSupport}, auth's options, hashing and mappers. Not API. */
final class AuthContext extends ModuleSupport<AuthOptions> {

    /** The entity type of every audit row auth writes: each is about a user. */
    static final String USER = "user";

    final Hashing hashing;

    AuthContext(ModuleContext context, AuthOptions options, Hashing hashing) {
        super(context, options);
        this.hashing = hashing;
    }

    UserMapper users() {
        return mapper(UserMapper.class);
    }

    AuthSessionMapper sessions() {
        return mapper(AuthSessionMapper.class);
    }

    PasswordResetTokenMapper resetTokens() {
        return mapper(PasswordResetTokenMapper.class);
    }

    PasswordResetRequestMapper resetRequests() {
        return mapper(PasswordResetRequestMapper.class);
    }

    EmailVerificationTokenMapper verificationTokens() {
        return mapper(EmailVerificationTokenMapper.class);
    }

    UserSettingMapper settings() {
        return mapper(UserSettingMapper.class);
    }

    UserTotpMapper totp() {
        return mapper(UserTotpMapper.class);
    }

    RecoveryCodeMapper recoveryCodes() {
        return mapper(RecoveryCodeMapper.class);
    }

    LoginChallengeMapper challenges() {
        return mapper(LoginChallengeMapper.class);
    }

    EmailChangeTokenMapper emailChanges() {
        return mapper(EmailChangeTokenMapper.class);
    }

    /**
     * A failed attempt's strike must commit although the call fails: inside a transaction (PortalKit's
     * or a host's) it would roll back with it, and a host could guess passwords or codes without ever
     * locking. Checked first, so nothing is hashed, read or written.
     */
    void refuseInTransaction(String call) {
        if (tx.active()) {
            throw new PortalException(AuthError.LOGIN_IN_TRANSACTION, call);
        }
    }

    static CallContext orSystem(CallContext context) {
        return context == null ? CallContext.system("unknown") : context;
    }
}
