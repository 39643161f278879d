package dev.portalkit.auth.internal;

import static dev.portalkit.auth.internal.AuthContext.USER;

import dev.portalkit.auth.InvalidTokenException;
import dev.portalkit.auth.InvalidTwoFactorCodeException;
import dev.portalkit.auth.Login;
import dev.portalkit.auth.TwoFactorChallenge;
import dev.portalkit.core.CallContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opening a session, and the two steps of a sign-in with a second factor: the password step's
 * challenge and the code step that completes it. Not API.
 *
 * <p>The code step is one transaction that first uses the challenge up (one attempt per challenge,
 * right or wrong), then holds the user's row, so that per user the code check, the strike of a wrong
 * code and the success run one at a time and no lock starts in between. A TOTP code is accepted by
 * one conditional UPDATE of the last accepted time step and a recovery code by one conditional UPDATE
 * of its row: however many completions race with one code, one wins.
 */
final class TwoStepSignIn {

    private static final Logger LOG = LoggerFactory.getLogger(TwoStepSignIn.class);
    private static final String CHALLENGE = "sign-in challenge";

    private final AuthContext auth;
    private final Lockout lockout;
    private final SecondFactor factor;

    TwoStepSignIn(AuthContext auth, Lockout lockout) {
        this.auth = auth;
        this.lockout = lockout;
        this.factor = new SecondFactor(auth);
    }

    /** The password step's answer for an account with a second factor: a challenge, no session. */
    TwoFactorChallenge challenge(UUID userId, String token, boolean rememberMe, Instant now, CallContext ctx) {
        Instant expires = now.plus(auth.options.loginChallengeTtl());
        auth.challenges().purge(userId, now);
        UUID id = auth.challenges().insert(userId, Tokens.sha256(token), rememberMe, expires, ctx.ip(), ctx.userAgent());
        auth.audit("auth.challenge_issued", USER, userId, null, null, Map.of("challengeId", id.toString()), ctx);
        LOG.debug("Sign-in challenge issued: user={}, challenge={}", userId, id);
        return new TwoFactorChallenge(token, expires);
    }

    /** A new session for the user, in the caller's transaction, audited {@code auth.login_succeeded} with {@code meta}. */
    Login open(UUID userId, String token, boolean rememberMe, Instant now, Map<String, Object> meta, CallContext ctx) {
        SessionRow s = auth.sessions().insert(userId, Tokens.sha256(token), rememberMe, now,
                now.plus(rememberMe ? auth.options.rememberMeAbsoluteTimeout() : auth.options.absoluteTimeout()),
                ctx.ip(), ctx.userAgent());
        int evicted = auth.sessions().evictBeyond(userId, auth.options.maxSessionsPerUser(), now);
        Map<String, Object> m = new HashMap<>(meta);
        m.put("sessionId", s.id().toString());
        m.put("rememberMe", rememberMe);
        m.put("sessionsEvicted", evicted);
        auth.audit("auth.login_succeeded", USER, userId, null, null, m, ctx);
        LOG.debug("Login succeeded: user={}, session={}", userId, s.id());
        return new Login(token, s.toSession(), auth.users().find(userId));
    }

    Login complete(String challenge, String code, CallContext context) {
        if (!Tokens.wellFormed(challenge)) {
            throw new InvalidTokenException(CHALLENGE);
        }
        CallContext ctx = AuthContext.orSystem(context);
        byte[] hash = Tokens.sha256(challenge);
        String token = Tokens.newToken();
        UUID[] whose = new UUID[1];
        Login login = auth.tx.callRetrying(() -> {
            Instant now = auth.now();
            LoginChallengeMapper.ChallengeRow c = auth.challenges().consume(hash, now);
            if (c == null) {
                throw new InvalidTokenException(CHALLENGE); // nothing was written
            }
            UUID userId = c.userId();
            whose[0] = userId;
            CallContext actor = DefaultAuthService.withActor(ctx, userId);
            auth.totp().lock(userId); // the TOTP row before the users row: see UserTotpMapper.lock
            if (auth.users().lockSignable(userId, now) == null) {
                lockout.refuse(userId, now, "auth.two_factor_failed", actor); // locked, disabled, gone: no strike
                return null;
            }
            String used = factor.accept(userId, code, now);
            if (used == null) {
                lockout.strike(userId, now, "auth.two_factor_failed", "wrong_code", actor);
                return null;
            }
            auth.users().recordSecondFactor(userId, now, ctx.ip());
            Map<String, Object> meta = new HashMap<>();
            meta.put("secondFactor", used);
            meta.put("challengeId", c.id().toString());
            if (SecondFactor.RECOVERY_CODE.equals(used)) {
                auth.audit("two_factor.recovery_code_used", USER, userId, null, null,
                        Map.of("recoveryCodesLeft", auth.recoveryCodes().remaining(userId)), actor);
            }
            return open(userId, token, c.rememberMe(), now, meta, actor);
        });
        if (login == null) {
            LOG.info("Second factor refused: user={}, ip={}", whose[0], ctx.ip());
            throw new InvalidTwoFactorCodeException();
        }
        return login;
    }
}
