package dev.portalkit.auth.internal;

import static dev.portalkit.auth.internal.AuthContext.USER;

import dev.portalkit.auth.InvalidTwoFactorCodeException;
import dev.portalkit.auth.RecoveryCodes;
import dev.portalkit.auth.TotpEnrolment;
import dev.portalkit.auth.TwoFactorService;
import dev.portalkit.auth.TwoFactorStateException;
import dev.portalkit.auth.User;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.spi.Validation;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not API: create through the Portal. Audit rows and log lines carry the user's id and what happened,
 * never a secret, a code or a URI.
 */
public final class DefaultTwoFactorService implements TwoFactorService {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultTwoFactorService.class);

    private final AuthContext auth;
    private final SecondFactor factor;
    private final Lockout lockout;

    DefaultTwoFactorService(AuthContext auth) {
        this.auth = auth;
        this.factor = new SecondFactor(auth);
        this.lockout = new Lockout(auth);
    }

    @Override
    public TotpEnrolment begin(UUID userId, CallContext context) {
        new Validation().notNull("userId", userId).throwIfInvalid();
        String keyId = factor.keyId(); // no key, no enrolment: checked before anything is read or written
        byte[] secret = Totp.newSecret();
        byte[] sealed = factor.seal(keyId, userId, secret);
        String base32 = Totp.base32(secret);
        Arrays.fill(secret, (byte) 0);
        User user = auth.tx.callRetrying(() -> {
            User u = require(userId);
            if (auth.totp().begin(userId, keyId, sealed) == 0) {
                throw new TwoFactorStateException("is already on: disable it first");
            }
            auth.audit("two_factor.enrolment_started", USER, userId, null, null, Map.of("keyId", keyId), context);
            return u;
        });
        LOG.debug("Two-factor enrolment started: user={}", userId);
        return new TotpEnrolment(base32, SecondFactor.otpauthUri(auth.options.totpIssuer(), user.email(), base32));
    }

    @Override
    public RecoveryCodes confirm(UUID userId, String code, CallContext context) {
        new Validation().notNull("userId", userId).throwIfInvalid();
        if (!Totp.wellFormed(code)) {
            throw new InvalidTwoFactorCodeException();
        }
        List<String> codes = SecondFactor.newRecoveryCodes();
        auth.tx.runRetrying(() -> {
            require(userId);
            Instant now = auth.now();
            UserTotpMapper.TotpRow row = auth.totp().find(userId);
            if (row == null) {
                throw new TwoFactorStateException("has no enrolment to confirm: call TwoFactorService.begin first");
            }
            if (row.confirmedAt() != null) {
                throw new TwoFactorStateException("is already on");
            }
            byte[] secret = factor.open(userId, row);
            long step = Totp.matchingStep(secret, code, now, null);
            Arrays.fill(secret, (byte) 0);
            if (step < 0) {
                throw new InvalidTwoFactorCodeException(); // rolls back: nothing written
            }
            if (auth.totp().confirm(userId, step, now) == 0) {
                throw new TwoFactorStateException("is already on");
            }
            auth.recoveryCodes().deleteAll(userId);
            auth.recoveryCodes().insert(userId, SecondFactor.hashes(codes));
            auth.audit("two_factor.enabled", USER, userId, null, null,
                    Map.of("recoveryCodes", SecondFactor.RECOVERY_CODES), context);
        });
        LOG.info("Two-factor sign-in enabled: user={}", userId);
        return new RecoveryCodes(codes);
    }

    @Override
    public boolean enabled(UUID userId) {
        new Validation().notNull("userId", userId).throwIfInvalid();
        return auth.tx.read(() -> auth.totp().enabled(userId));
    }

    @Override
    public void disable(UUID userId, String code, CallContext context) {
        auth.refuseInTransaction("TwoFactorService.disable");
        new Validation().notNull("userId", userId).throwIfInvalid();
        boolean done = auth.tx.callRetrying(() -> {
            Instant now = auth.now();
            require(userId);
            UserTotpMapper.TotpRow row = auth.totp().lock(userId); // before the users row: see UserTotpMapper.lock
            if (row == null || row.confirmedAt() == null) {
                throw new TwoFactorStateException("is not on");
            }
            if (auth.users().lockSignable(userId, now) == null) {
                lockout.refuse(userId, now, "two_factor.disable_failed", context); // locked or disabled: no strike
                return false;
            }
            String used = factor.accept(userId, code, now);
            if (used == null) {
                lockout.strike(userId, now, "two_factor.disable_failed", "wrong_code", context);
                return false;
            }
            auth.totp().delete(userId);
            int codes = auth.recoveryCodes().deleteAll(userId);
            auth.audit("two_factor.disabled", USER, userId, null, null,
                    Map.of("factor", used, "recoveryCodesRemoved", codes), context);
            return true;
        });
        if (!done) {
            LOG.info("Two-factor disable refused: user={}", userId);
            throw new InvalidTwoFactorCodeException();
        }
        LOG.info("Two-factor sign-in disabled: user={}", userId);
    }

    private User require(UUID id) {
        User user = auth.users().find(id);
        if (user == null) {
            throw new NotFoundException("User", id);
        }
        return user;
    }
}
